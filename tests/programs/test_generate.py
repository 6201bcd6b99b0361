"""`manage.py generate_programs`: synthetic rows for benchmarks, valid, repeatable, replaceable."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from programs.models import AdmissionRule, Course, Program, School
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def generate(count, seed=2026):
    out = StringIO()
    call_command("generate_programs", count=count, seed=seed, stdout=out)
    return out.getvalue()


def test_generates_programs_with_schools_rules_and_courses():
    output = generate(200)

    assert "Generated 200 synthetic programs at 40 schools" in output
    assert Program.objects.count() == 200
    assert School.objects.count() == 40
    assert AdmissionRule.objects.count() == 200
    assert Course.objects.filter(kind="elective").count() == 200


def test_every_format_pacing_and_rule_kind_appears():
    generate(300)

    rules = AdmissionRule.objects.all()
    assert set(Program.objects.values_list("format", flat=True)) == set(Program.Format.values)
    assert set(Program.objects.values_list("pacing", flat=True)) == set(Program.Pacing.values)
    assert set(rules.values_list("gre_policy", flat=True)) == set(AdmissionRule.GrePolicy.values)
    assert set(rules.values_list("bachelors", flat=True)) == set(AdmissionRule.Bachelors.values)
    assert rules.filter(min_gpa__isnull=True).exists()
    assert rules.filter(min_gpa__isnull=False).exists()
    assert Program.objects.filter(tuition_basis="per_credit", tuition_total__gt=0).exists()


def test_generated_rows_pass_model_validation():
    generate(60)

    for program in Program.objects.select_related("school", "admission"):
        program.full_clean()
        program.admission.full_clean()


def test_running_again_replaces_the_synthetic_rows_and_keeps_the_rest():
    from tests.articles.factories import ArticleVersionFactory

    kept = ProgramFactory(slug="hand-made-program")
    generate(50)
    # A guide showing a synthetic program, as bench/scale.py makes them.
    ArticleVersionFactory(live=True).programs.add(Program.objects.exclude(pk=kept.pk).first())

    generate(50)

    assert Program.objects.count() == 51
    assert Program.objects.filter(pk=kept.pk).exists()


def test_same_seed_same_rows():
    generate(40, seed=7)
    first = list(Program.objects.order_by("slug").values_list("slug", "format", "tuition_amount"))

    generate(40, seed=7)

    assert list(
        Program.objects.order_by("slug").values_list("slug", "format", "tuition_amount")
    ) == (first)


def test_refuses_a_count_below_one():
    with pytest.raises(CommandError, match="at least 1"):
        generate(0)


def remove():
    out = StringIO()
    call_command("generate_programs", remove=True, stdout=out)
    return out.getvalue()


def test_remove_deletes_exactly_the_synthetic_rows():
    kept = ProgramFactory(slug="hand-made-program")
    # An editor's program whose slug happens to look like a generated one is still theirs.
    lookalike = ProgramFactory(slug="synthetic-program-3", school__slug="synthetic-school-0")
    generate(20)
    assert Program.objects.filter(is_synthetic=True).count() == 20

    output = remove()

    assert set(Program.objects.all()) == {kept, lookalike}
    assert set(School.objects.all()) == {kept.school, lookalike.school}
    assert not AdmissionRule.objects.filter(program__is_synthetic=True).exists()
    assert "Removed 20 synthetic programs and 4 synthetic schools" in output


def test_a_synthetic_school_holding_an_editors_program_is_kept_with_it():
    generate(20)
    school = School.objects.filter(is_synthetic=True).order_by("pk").first()
    real = ProgramFactory(school=school, slug="added-by-an-editor")

    output = remove()

    assert list(Program.objects.all()) == [real]
    assert list(School.objects.all()) == [school]
    assert "kept 1 synthetic schools that hold programs made by hand" in output

    generate(20)  # the kept school's slug is not made again

    assert Program.objects.filter(is_synthetic=True).count() == 20
    assert Program.objects.get(slug="added-by-an-editor").school == school
    assert not Program.objects.filter(is_synthetic=True, school=school).exists()
