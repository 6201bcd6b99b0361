"""The demo loader reproduces the seed guide as data, only into an empty or demo-only database,
and never changes a row that exists: running it again creates nothing and changes nothing."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Max, Min
from django.utils import timezone
from PIL import Image

from articles.models import Article, ArticleVersion, Person, SitePage
from careers.models import Career
from core.validators import ImageUploadValidator
from programs.models import AdmissionRule, Course, Program, School
from tests.programs.factories import ProgramFactory

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_1cf87583dba407fb.txt"
SLUG = "can-you-earn-a-masters-in-machine-learning"


def load_demo(**options):
    out = io.StringIO()
    # The test settings have DEBUG off, as production does: the loader needs --force there.
    call_command("load_demo", stdout=out, **{"force": True, **options})
    return out.getvalue()


@pytest.fixture
def demo(db):
    return load_demo()


@pytest.fixture
def live(demo):
    return Article.objects.get(slug=SLUG).live_version


def snapshot():
    """Every row of every table, with every value, in primary-key order."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
    }


def test_loading_twice_changes_no_row(demo):
    before = snapshot()

    second = load_demo()

    assert snapshot() == before
    assert "Rows created: 0." in second
    assert "Skipped" in second
    assert "16 programs" in second.splitlines()[1]


def test_output_is_a_one_line_summary_of_counts(demo):
    assert demo.count("\n") == 1
    for count in ("3 people", "4 careers", "12 schools", "16 programs", "5 FAQ entries"):
        assert count in demo


def test_a_program_an_editor_changed_is_left_as_it_is_and_reported_as_skipped(demo):
    program = Program.objects.filter(tuition_basis="total").order_by("pk").first()
    program.tuition_amount = 12_345
    program.save()
    program.courses.last().delete()
    Career.objects.filter(slug="data-scientist").update(salary=1, outlook_percent=99)
    before = snapshot()

    output = load_demo()

    program.refresh_from_db()
    assert program.tuition_amount == 12_345
    assert program.tuition_total == 12_345
    assert Career.objects.get(slug="data-scientist").salary == 1
    assert snapshot() == before  # the deleted course is not brought back either
    assert "Rows created: 0." in output
    assert "Skipped" in output
    assert "left as they are" in output


def test_a_deleted_demo_row_is_created_again_and_the_edited_ones_are_left_alone(demo):
    gone = Program.objects.get(slug=Program.objects.order_by("pk").last().slug)
    gone.delete()
    Career.objects.filter(slug="data-scientist").update(salary=1)

    output = load_demo()

    again = Program.objects.get(slug=gone.slug)
    assert again.pk != gone.pk
    assert again.admission.source_url
    assert again.courses.exists()
    assert Career.objects.get(slug="data-scientist").salary == 1
    assert re.search(r"Rows created: [1-9]", output)


def test_with_debug_off_it_refuses_without_force(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off.*--force") as refused:
        load_demo(force=False)

    assert refused.value.returncode != 0
    assert not Program.objects.exists()
    assert not Article.objects.exists()
    assert re.search(r"Rows created: [1-9]", load_demo(force=True))


def test_with_debug_on_it_runs_without_force(db, settings):
    settings.DEBUG = True

    assert re.search(r"Rows created: [1-9]", load_demo(force=False))
    assert Program.objects.count() == 16


def test_a_database_with_other_content_gets_no_demo_rows(db):
    ours = ProgramFactory(slug="a-real-program")
    before = snapshot()

    output = load_demo()

    assert snapshot() == before
    assert Program.objects.get() == ours
    assert "Nothing loaded" in output
    assert "1 program" in output


def test_synthetic_rows_do_not_count_as_other_content(db):
    call_command("generate_programs", count=10, stdout=io.StringIO())

    load_demo()

    assert Program.objects.filter(is_synthetic=False).count() == 16


def test_a_guide_that_went_live_again_through_the_workflow_is_left_alone(live):
    article = live.article
    newer = ArticleVersion.objects.create(
        article=article, number=2, state="live", title="Edited title", dek="d", body="b",
        author=live.author,
    )  # fmt: skip
    ArticleVersion.objects.filter(pk=live.pk).update(state="archived", title="Old title")
    Article.objects.filter(pk=article.pk).update(live_version=newer)

    load_demo()

    article.refresh_from_db()
    assert article.live_version == newer
    assert ArticleVersion.objects.get(pk=live.pk).title == "Old title"
    assert article.versions.count() == 2


def test_careers_carry_the_seed_figures_in_the_seed_order(live):
    careers = list(live.careers.order_by("article_links__order"))

    figures = [
        (c.title, c.get_education_display(), c.get_salary_statistic_display(), c.salary,
         c.outlook_percent, c.outlook_period)
        for c in careers
    ]  # fmt: skip

    assert figures == [
        ("Research Scientist", "Master's degree", "Median", 131_490, 21, "2021-31"),
        ("Data Scientist", "Bachelor's degree", "Median", 100_910, 36, "2021-31"),
        ("Machine Learning Engineer", "Bachelor's degree", "Average", 114_980, None, "2021-31"),
        ("Business Intelligence Analyst", "Bachelor's degree", "Average", 78_860, 11, "2021-31"),
    ]
    assert all(c.is_published and c.soc_code and c.source_url for c in careers)


def test_the_seed_admission_numbers_are_among_the_rules(demo):
    rules = AdmissionRule.objects.filter(program__is_published=True)

    assert rules.filter(gre_policy="required", gre_min_total=320).exists()
    assert rules.filter(min_gpa="3.00").exists()


def test_published_tuition_spans_the_seeds_10000_to_80000(demo):
    span = Program.objects.published().aggregate(
        low=Min("tuition_total"), high=Max("tuition_total")
    )

    assert (span["low"], span["high"]) == (10_000, 80_000)


def test_the_byline_has_the_seed_people_in_their_roles(live):
    assert live.state == "live"
    assert live.title == "Can You Earn a Master's in Machine Learning?"
    assert live.author.name == "Aaron Perkowitz"
    assert live.editor.name == "Mitch Jacobson"
    assert live.reviewer.name == "Victoria Ivy Southall"
    assert live.approved_by == live.reviewer.user
    assert all(p.job_title and p.short_bio and p.full_bio for p in Person.objects.all())


def test_the_faqs_are_the_seeds_questions_in_order(live):
    assert [faq.question for faq in live.faqs.all()] == [
        "Can you do a master's in machine learning?",
        "What's the difference between a master's in ML and a master's in AI?",
        "Do you need a bachelor's in machine learning to get a master's in ML?",
        "Should you earn your ML master's degree online?",
        "Is a master's in ML worth it?",
    ]


def test_the_guide_was_updated_on_october_18_2023(live):
    article = live.article

    assert timezone.localtime(article.content_updated_at).date() == date(2023, 10, 18)
    assert article.first_published_at == article.content_updated_at == live.published_at
    assert live.submitted_at < live.approved_at < live.published_at


def test_history_shows_how_the_guide_went_live(live):
    steps = [(t.from_state, t.to_state, t.by) for t in live.transitions.all()]

    assert steps == [
        ("draft", "in_review", live.author.user),
        ("in_review", "approved", live.reviewer.user),
        ("approved", "live", None),
    ]
    assert live.transitions.last().at == live.published_at


def test_the_body_has_the_seed_sections_and_figures(live):
    headings = re.findall(r"^## (.+)$", live.body, flags=re.MULTILINE)

    assert headings == [
        "What To Expect From a Master's in Machine Learning",
        "Popular Online Programs",
        "Machine Learning Degree and Specialization Options",
        "Typical Master's in Machine Learning Courses",
        "Admission Requirements",
        "Program Costs",
        "Why Get a Master's in Machine Learning Degree?",
        "Jobs for Master's in Machine Learning Graduates",
        "How to Choose a Machine Learning Program",
    ]
    for figure in ("48%", "O'Reilly", "300 million", "Goldman Sachs", "97 million", "2025",
                   "1959", "Arthur Samuel", "$10,000-$80,000", "320", "3.0", "1-3 years",
                   "30 credit hours", "**Earnings potential:**", "**Flexibility:**",
                   "**Natural language processing (NLP):**", "**Alumni network:**"):  # fmt: skip
        assert figure in live.body
    assert len(live.sources.all()) == 8
    assert all(s.publisher and s.url and s.accessed_on for s in live.sources.all())


@pytest.mark.skipif(not SEED.exists(), reason="the seed page is not beside this checkout")
def test_prose_is_our_own_words_not_the_seeds_sentences(live):
    seed_sentences = {
        s.strip()
        for s in re.split(r"(?<=[.?!])\s+|\n", SEED.read_text())
        if len(s.split()) >= 8 and not s.strip().endswith("?")
    }
    prose = [line for line in live.body.splitlines() if not line.startswith("## ")]
    ours = "\n".join(
        [live.dek, *prose, *(f.answer for f in live.faqs.all())]
        + [p.short_bio + p.full_bio for p in Person.objects.all()]
        + [c.summary + c.description for c in Career.objects.all()]
    )

    assert [s for s in seed_sentences if s in ours] == []


def test_portraits_are_real_png_images_drawn_locally(demo):
    for person in Person.objects.all():
        ImageUploadValidator()(person.portrait)
        with Image.open(person.portrait) as image:
            assert (image.format, image.size) == ("PNG", (400, 400))


def test_a_missing_portrait_file_is_drawn_again_under_the_same_name(demo):
    person = Person.objects.get(slug="mitch-jacobson")
    name = person.portrait.name
    person.portrait.storage.delete(name)

    load_demo()

    person.refresh_from_db()
    assert person.portrait.name == name
    assert person.portrait.storage.exists(name)


def test_the_unpublished_program_never_reaches_the_guide(live):
    hidden = Program.objects.filter(is_published=False)

    assert hidden.count() == 1
    assert not Program.objects.published().filter(pk__in=hidden).exists()
    assert not live.programs.filter(pk__in=hidden).exists()


def test_the_guide_widget_lists_published_online_programs_with_a_partner(live):
    programs = list(live.programs.select_related("school"))

    assert 4 <= len(programs) <= 6
    assert all(p.is_published and p.format == "online" for p in programs)
    assert any(p.school.is_partner for p in programs)


def test_demo_users_have_no_usable_password_and_their_roles(demo, client):
    groups = {"aaron-perkowitz": "Writers", "mitch-jacobson": "Editors",
              "victoria-ivy-southall": "Reviewers"}  # fmt: skip
    for slug, group in groups.items():
        user = Person.objects.get(slug=slug).user
        assert not user.has_usable_password()
        assert user.is_staff
        assert not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert not client.login(username=user.username, password="")
    assert get_user_model().objects.count() == 3


def test_demo_schools_say_they_are_fictional(demo):
    for school in School.objects.all():
        assert school.name.endswith("(demo)")
        assert "fictional" in school.description
        assert school.website.endswith(".example/")
    assert School.objects.filter(acceptance_rate__isnull=True).exists()
    assert School.objects.filter(is_partner=True).count() >= 2


def test_demo_programs_cover_every_choice(demo):
    programs = Program.objects.all()
    for field in ("degree", "format", "pacing", "tuition_basis", "culminating"):
        choices = {value for value, _ in Program._meta.get_field(field).choices}
        assert set(programs.values_list(field, flat=True)) == choices, field
    assert programs.filter(tuition_amount__isnull=True).exists()
    assert all(p.tuition_source_url and p.tuition_checked_on for p in programs)


def test_demo_admission_rules_cover_every_kind(demo):
    rules = AdmissionRule.objects.all()
    fields = ("gre_policy", "bachelors", "requires_programming", "requires_math")
    values = {field: set(rules.values_list(field, flat=True)) for field in fields}

    assert values["gre_policy"] == {"unknown", "required", "optional", "not_required"}
    assert values["bachelors"] == {"unknown", "any_field", "cs_related"}
    assert values["requires_programming"] == {True, False, None}
    assert values["requires_math"] == {True, False, None}
    assert rules.filter(min_gpa__isnull=True).exists()
    assert rules.filter(deadline__isnull=False).exists()
    assert rules.exclude(deadline_note="").exists()
    assert all(r.source_url and r.checked_on for r in rules)


def test_the_seed_courses_appear_on_several_programs_as_core_and_elective(demo):
    for name in ("Machine Learning", "Statistical Machine Learning", "Natural Language Processing",
                 "Web Mining", "Statistical Methods"):  # fmt: skip
        assert Course.objects.filter(name=name).values("program").distinct().count() >= 3, name
    assert set(Course.objects.values_list("kind", flat=True)) == {"core", "elective"}


def test_the_site_pages_exist_with_the_disclosure_summary(demo):
    disclosure = SitePage.objects.get(slug="advertising-disclosure")

    assert SitePage.objects.get(slug="editorial-process").title == "Our Editorial Process"
    assert disclosure.title == "Advertising Disclosure"
    assert disclosure.summary.startswith("Guidesite is an advertising-supported site.")
    assert "does not influence our rankings" in disclosure.summary


def test_every_demo_row_passes_model_validation(live):
    rows = [
        *Person.objects.all(), *Career.objects.all(), *School.objects.all(),
        *Program.objects.all(), *AdmissionRule.objects.all(), *Course.objects.all(),
        *SitePage.objects.all(), live.article.topic, live, *live.faqs.all(), *live.sources.all(),
    ]  # fmt: skip

    for row in rows:
        row.full_clean()


def test_the_projection_editions_on_record_include_a_newer_one_than_the_careers(demo):
    from careers.models import ProjectionEdition

    editions = list(ProjectionEdition.objects.order_by("start_year").values_list("name", flat=True))
    career = Career.objects.get(slug="data-scientist")

    assert editions == ["BLS Employment Projections 2021-31", "BLS Employment Projections 2023-33"]
    assert career.projection_edition_name == editions[0]
    assert ProjectionEdition.latest().name == editions[1]


def test_demo_programs_and_careers_use_the_fields_of_study(demo):
    assert not Program.objects.filter(field__isnull=True).exists()
    fields = set(Program.objects.values_list("field__name", flat=True))
    assert fields == {"Machine Learning", "Artificial Intelligence"}
    assert {c.program_field.name for c in Career.objects.all()} == {"Machine Learning"}
