"""Which cached pages a change to schools, programs, rules, courses and fields drops.

See core/pagecache.py for the tags. A program is shown by its own page, its school's page, the
guides and careers that link it, and through its field of study (the figures of a guide's
programs widget, a career's related programs); every list of programs (the directory, the quiz,
their facet counts) changes with it.
"""

from django.db.models import FilteredRelation, Q
from django.db.models.signals import post_init

from core import pagecache

from .models import AdmissionRule, Course, Field, Program, School

PROGRAM_LIST = "list-programs"


def of_programs(program_ids):
    """The tags of the pages that show these programs (a list or a pk queryset; None: all of
    them): one query, or none when everything is dropped anyway."""
    if program_ids is None:
        return [pagecache.EVERYTHING]
    # Guides read through the reverse relation (articles is above this app); only a live
    # version's links show on a page, whether the program is published now or not.
    versions = Program._meta.get_field("article_versions").related_model
    live = Q(article_versions__state=versions.State.LIVE)
    rows = (
        Program.objects.filter(pk__in=program_ids)
        .annotate(live_link=FilteredRelation("article_versions", condition=live))
        .values_list("pk", "school_id", "field_id", "live_link__article_id", "careers__pk")
        .order_by()[: pagecache.MAX_TAGS + 1]
    )
    tags = {PROGRAM_LIST}
    for row in rows:
        for kind, pk in zip(("program", "school", "field", "guide", "career"), row, strict=True):
            if pk is not None:
                tags.add(f"{kind}-{pk}")
    return [pagecache.EVERYTHING] if len(rows) > pagecache.MAX_TAGS else sorted(tags)


def _remember(sender, instance, **kwargs):
    # The school and field a program had when it was read: moving it drops both pages' copies.
    # From __dict__: a program read with only() must not load a deferred column here.
    instance._shown_with = (instance.__dict__.get("school_id"), instance.__dict__.get("field_id"))


def program_tags(program):
    school_before, field_before = getattr(program, "_shown_with", (None, None))
    return [
        f"program-{program.pk}",
        *pagecache.names("school", program.school_id, school_before),
        *pagecache.names("field", program.field_id, field_before),
        PROGRAM_LIST,
    ]


def connect():
    """Called from ProgramsConfig.ready(); saves and deletes of each model drop its pages."""
    post_init.connect(_remember, sender=Program, dispatch_uid="pagecache-program-before")
    pagecache.watch(Program, program_tags)
    pagecache.watch(School, lambda school: [f"school-{school.pk}", PROGRAM_LIST])
    pagecache.watch(AdmissionRule, lambda rule: [f"program-{rule.program_id}", PROGRAM_LIST])
    pagecache.watch(Course, lambda course: [f"program-{course.program_id}"])
    pagecache.watch(Field, lambda field: [f"field-{field.pk}", PROGRAM_LIST])
