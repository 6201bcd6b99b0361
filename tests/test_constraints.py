"""Bad figures are refused by the database itself and by model validation, with a clear message."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from articles.models import ArticleVersion
from tests.articles.factories import ArticleVersionFactory, PersonFactory
from tests.careers.factories import CareerFactory
from tests.programs.factories import AdmissionRuleFactory, ProgramFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def _refused_by_database(factory, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)


@pytest.mark.parametrize("gpa", [Decimal("-0.1"), Decimal("4.01"), Decimal("9.99")])
def test_database_refuses_gpa_outside_0_to_4(gpa):
    _refused_by_database(AdmissionRuleFactory, min_gpa=gpa)


@pytest.mark.parametrize("score", [0, 259, 341])
def test_database_refuses_gre_total_outside_260_to_340(score):
    _refused_by_database(AdmissionRuleFactory, gre_policy="required", gre_min_total=score)


def test_database_refuses_gre_minimum_when_gre_is_not_required():
    _refused_by_database(AdmissionRuleFactory, gre_policy="not_required", gre_min_total=320)


@pytest.mark.parametrize("rate", [Decimal("-1"), Decimal("100.01")])
def test_database_refuses_acceptance_rate_outside_0_to_100(rate):
    _refused_by_database(SchoolFactory, acceptance_rate=rate)


@pytest.mark.parametrize(
    "fields",
    [
        {"tuition_amount": Decimal("-1")},
        {"application_fee": Decimal("-50")},
        {"duration_min_months": 24, "duration_max_months": 12},
        {"tuition_basis": "per_credit", "credit_hours": None},
    ],
)
def test_database_refuses_impossible_program_figures(fields):
    _refused_by_database(ProgramFactory, **fields)


def test_database_refuses_negative_credit_hours():
    _refused_by_database(ProgramFactory, credit_hours=-3)


def test_database_refuses_outlook_without_its_period():
    _refused_by_database(CareerFactory, outlook_percent=21)


def test_database_refuses_two_open_versions_of_one_guide():
    draft = ArticleVersionFactory()

    _refused_by_database(ArticleVersionFactory, article=draft.article, number=99)


def test_database_refuses_editor_who_is_also_the_author():
    person = PersonFactory()

    _refused_by_database(ArticleVersionFactory, author=person, editor=person)


def test_model_validation_names_each_bad_figure():
    rule = AdmissionRuleFactory.build(
        program=ProgramFactory(), min_gpa=Decimal("5"), gre_policy="required", gre_min_total=400
    )

    with pytest.raises(ValidationError) as excinfo:
        rule.full_clean()

    assert "min_gpa" in excinfo.value.message_dict
    assert "gre_min_total" in excinfo.value.message_dict


def test_model_validation_explains_duration_order():
    program = ProgramFactory.build(
        school=SchoolFactory(), duration_min_months=30, duration_max_months=12
    )

    with pytest.raises(ValidationError) as excinfo:
        program.full_clean()

    assert "The shortest duration cannot exceed the longest." in str(excinfo.value)


def test_unknown_rules_stay_unknown_rather_than_zero():
    rule = AdmissionRuleFactory()

    rule.refresh_from_db()

    assert rule.min_gpa is None
    assert rule.gre_min_total is None
    assert rule.gre_policy == "unknown"
    assert rule.requires_programming is None


def test_total_tuition_is_derived_from_per_credit_rate():
    program = ProgramFactory(
        tuition_basis="per_credit", tuition_amount=Decimal("1200"), credit_hours=30
    )

    program.refresh_from_db()

    assert program.tuition_total == Decimal("36000")


def test_version_states_are_the_workflow_states():
    assert set(ArticleVersion.State.values) >= {"draft", "in_review", "approved", "live"}


def test_a_per_credit_total_too_large_to_store_is_refused_with_a_reason():
    program = ProgramFactory.build(
        school=SchoolFactory(),
        tuition_basis="per_credit",
        tuition_amount=Decimal("5000000"),
        credit_hours=30,
    )

    with pytest.raises(ValidationError) as excinfo:
        program.full_clean()

    assert "must stay under $100,000,000" in str(excinfo.value)
    # The database refuses it too: the check on SQLite, the total's own precision on PostgreSQL.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        ProgramFactory(
            tuition_basis="per_credit", tuition_amount=Decimal("5000000"), credit_hours=30
        )
