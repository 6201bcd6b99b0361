"""Program page and school page."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from core import pagecache
from core.images import rendition
from core.markdown import render_cached
from core.pages import crumbs, gone
from core.social import social_image

from .. import data_age, jsonld, rules
from ..compare import admission_of, compare_url
from ..forms import QualifyForm
from ..models import Program, School


@require_safe
@pagecache.cached_page
def program_detail(request, slug):
    """Everything about one published program, with an optional "Check if you qualify"."""
    try:
        program = Program.objects.published().for_page().prefetch_related("courses").get(slug=slug)
    except Program.DoesNotExist:
        if Program.objects.withdrawn().filter(slug=slug).exists():
            return gone(request, "program")
        raise Http404("No program has such an address.") from None
    admission = admission_of(program)
    courses = list(program.courses.all())
    form = QualifyForm(request.GET or None)
    evaluation = None
    if form.has_answers():
        evaluation = rules.evaluate(form.profile(), rules.RuleValues.from_rule(admission))
    directory = reverse("programs:directory")
    quiz_query = request.GET.urlencode() if form.has_answers() else ""
    response = render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "school": program.school,
            "admission": admission,
            # Figures checked too long ago (or never) say so at the top of the page.
            "age_notice": data_age.age_notice(program, admission, timezone.localdate()),
            "core_courses": [c for c in courses if c.kind == "core"],
            "elective_courses": [c for c in courses if c.kind != "core"],
            "form": form,
            "evaluation": evaluation,
            "structured_data": jsonld.program_graph(program, admission),
            # Many programs share a name, so the school is on the picture too.
            "social_image": social_image(
                program.name, program.school.name, kind="program", slug=program.slug
            ),
            "meta_description": Truncator(
                program.summary
                or f"{_subject(program)} at {program.school.name}: "
                "tuition, admission requirements, courses and format."
            ).chars(155),
            "compare_url": compare_url(directory, [program.slug]),
            "quiz_url": reverse("programs:match") + (f"?{quiz_query}" if quiz_query else ""),
            **crumbs(
                ("Programs", directory),
                (program.school.name, program.school.get_absolute_url()),
                (program.name, program.get_absolute_url()),
            ),
        },
    )
    return pagecache.tag(
        response,
        f"program-{program.pk}",
        f"school-{program.school_id}",
        pagecache.names("field", program.field_id),
        "disclosure",
    )


def _subject(program):
    """E.g. "Master of Science (MS) in Machine Learning"; the name while no field is set."""
    if program.field_label:
        return f"{program.get_degree_display()} in {program.field_label}"
    return program.name


@require_safe
@pagecache.cached_page
def school_detail(request, slug):
    """A school's facts and its published programs."""
    try:
        school = School.objects.public().get(slug=slug)
    except School.DoesNotExist:
        if School.objects.withdrawn().filter(slug=slug).exists():
            return gone(request, "school")
        raise Http404("No school has such an address.") from None
    programs = list(
        Program.objects.published().for_card().filter(school=school).order_by("name", "pk")
    )
    response = render(
        request,
        "programs/school_detail.html",
        {
            "school": school,
            "description": render_cached(school.description).html if school.description else "",
            "logo": rendition(school.logo, 240, 120, mode="fit"),
            "programs": programs,
            "structured_data": jsonld.school_graph(school),
            "meta_description": f"{school.name} in {school.city}, {school.state}: accreditation, "
            f"acceptance rate and its {len(programs)} published master's programs.",
            **crumbs(
                ("Programs", reverse("programs:directory")),
                (school.name, school.get_absolute_url()),
            ),
        },
    )
    shown = pagecache.names("program", *(program.pk for program in programs))
    return pagecache.tag(response, f"school-{school.pk}", shown, "disclosure")
