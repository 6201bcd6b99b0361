"""Admission rule evaluation: pure functions, no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programs.rules import (
    RuleValues,
    Status,
    StudentProfile,
    check_bachelors,
    check_background,
    check_gpa,
    check_gre,
    evaluate,
    format_gpa,
)

MET, NOT_MET, UNKNOWN = Status.MET, Status.NOT_MET, Status.UNKNOWN


@pytest.mark.parametrize(
    ("gpa", "minimum", "status", "sentence"),
    [
        (Decimal("3.2"), Decimal("3.00"), MET, "GPA 3.2 meets the 3.0 minimum"),
        (Decimal("3.00"), Decimal("3.00"), MET, "GPA 3.0 meets the 3.0 minimum"),
        (Decimal("2.99"), Decimal("3.00"), NOT_MET, "GPA 2.99 is below the 3.0 minimum"),
        (Decimal("3.5"), None, UNKNOWN, "No minimum GPA published"),
        (None, None, UNKNOWN, "No minimum GPA published"),
        (None, Decimal("2.75"), UNKNOWN, "The minimum GPA is 2.75; you did not give yours"),
        (Decimal("4"), Decimal("4.00"), MET, "GPA 4.0 meets the 4.0 minimum"),
        (Decimal("0"), Decimal("0.00"), MET, "GPA 0.0 meets the 0.0 minimum"),
    ],
)
def test_gpa_rule_reads_in_plain_words(gpa, minimum, status, sentence):
    result = check_gpa(gpa, minimum)
    assert (result.status, result.sentence) == (status, sentence)


@pytest.mark.parametrize(
    ("gre", "policy", "minimum", "status", "sentence"),
    [
        (310, "required", 320, NOT_MET, "GRE 310 is below the 320 minimum"),
        (320, "required", 320, MET, "GRE 320 meets the 320 minimum"),
        (None, "required", 320, NOT_MET, "GRE required; you have not taken it"),
        (None, "required", None, NOT_MET, "GRE required; you have not taken it"),
        (
            300,
            "required",
            None,
            MET,
            "GRE required, no minimum score published; GRE 300 can be sent",
        ),
        (None, "not_required", None, MET, "GRE not required"),
        (280, "not_required", None, MET, "GRE not required"),
        (None, "optional", 320, MET, "GRE optional"),
        (330, "optional", 320, MET, "GRE optional; GRE 330 meets the 320 minimum"),
        (None, "unknown", None, UNKNOWN, "GRE policy not published"),
        (340, "unknown", None, UNKNOWN, "GRE policy not published"),
    ],
)
def test_gre_rule_reads_in_plain_words(gre, policy, minimum, status, sentence):
    result = check_gre(gre, policy, minimum)
    assert (result.status, result.sentence) == (status, sentence)


def test_optional_gre_below_minimum_is_still_met_because_it_need_not_be_sent():
    result = check_gre(300, "optional", 320)
    assert result.status is MET
    assert "GRE 300 is below the 320 minimum if you send it" in result.sentence


@pytest.mark.parametrize(
    ("has", "cs", "requirement", "status"),
    [
        (True, None, "any_field", MET),
        (True, False, "any_field", MET),
        (False, None, "any_field", NOT_MET),
        (None, None, "any_field", UNKNOWN),
        (True, True, "cs_related", MET),
        (True, False, "cs_related", NOT_MET),
        (True, None, "cs_related", UNKNOWN),
        (None, True, "cs_related", MET),
        (False, True, "cs_related", NOT_MET),
        (None, None, "unknown", UNKNOWN),
        (False, False, "unknown", UNKNOWN),
    ],
)
def test_bachelors_rule_covers_every_answer(has, cs, requirement, status):
    assert check_bachelors(has, cs, requirement).status is status


def test_cs_requirement_explains_a_degree_in_another_field():
    result = check_bachelors(True, False, "cs_related")
    assert result.sentence == (
        "A bachelor's in CS or a related field is required; yours is in another field"
    )


@pytest.mark.parametrize(
    ("has", "required", "status", "sentence"),
    [
        (True, True, MET, "Programming background required; you have it"),
        (False, True, NOT_MET, "Programming background required"),
        (None, True, UNKNOWN, "Programming background required; you did not say if you have it"),
        (False, False, MET, "No programming background required"),
        (None, None, UNKNOWN, "Programming prerequisite not published"),
        (False, None, UNKNOWN, "Programming prerequisite not published"),
    ],
)
def test_background_rule_reads_in_plain_words(has, required, status, sentence):
    result = check_background("programming", "Programming", "programming", has, required)
    assert (result.status, result.sentence) == (status, sentence)


def test_program_without_rules_is_all_cant_tell_never_a_fail():
    profile = StudentProfile(
        gpa=Decimal("1.0"), gre=None, has_bachelors=False, programming=False, math=False
    )
    evaluation = evaluate(profile, RuleValues())
    assert {r.status for r in evaluation.results} == {UNKNOWN}
    assert evaluation.fails_none
    assert not evaluation.qualifies
    assert evaluation.group == "unknown"


def test_seed_program_rules_against_a_strong_student():
    rules = RuleValues(
        min_gpa=Decimal("3.00"),
        gre_policy="required",
        gre_min_total=320,
        bachelors="cs_related",
        requires_programming=True,
        requires_math=True,
    )
    profile = StudentProfile(
        gpa=Decimal("3.2"), gre=325, has_bachelors=True, cs_degree=True, programming=True, math=True
    )
    evaluation = evaluate(profile, rules)
    assert evaluation.qualifies
    assert [r.rule for r in evaluation.results] == [
        "bachelors",
        "gpa",
        "gre",
        "programming",
        "math",
    ]


def test_one_unmet_rule_is_a_near_miss():
    rules = RuleValues(min_gpa=Decimal("3.00"), gre_policy="required", gre_min_total=320)
    evaluation = evaluate(StudentProfile(gpa=Decimal("3.5"), gre=310), rules)
    assert not evaluation.qualifies
    assert evaluation.near_miss
    assert evaluation.unmet[0].sentence == "GRE 310 is below the 320 minimum"


def test_rules_read_from_a_values_row_with_no_admission_row():
    row = {"admission__min_gpa": None, "admission__gre_policy": None}
    assert RuleValues.from_values(row) == RuleValues()


def test_status_labels_are_plain_words():
    assert [s.label for s in Status] == ["Meets", "Does not meet", "Can't tell"]


@pytest.mark.parametrize(
    ("value", "text"), [(Decimal("3"), "3.0"), (Decimal("3.25"), "3.25"), ("x", "x")]
)
def test_gpa_is_written_as_students_write_it(value, text):
    assert format_gpa(value) == text


gpas = st.none() | st.decimals(min_value=0, max_value=4, places=2)
answers = st.none() | st.booleans()
profiles = st.builds(
    StudentProfile,
    gpa=gpas,
    gre=st.none() | st.integers(260, 340),
    has_bachelors=answers,
    cs_degree=answers,
    programming=answers,
    math=answers,
)
rule_values = st.builds(
    RuleValues,
    min_gpa=gpas,
    gre_policy=st.sampled_from(["unknown", "required", "optional", "not_required"]),
    gre_min_total=st.none() | st.integers(260, 340),
    bachelors=st.sampled_from(["unknown", "any_field", "cs_related"]),
    requires_programming=answers,
    requires_math=answers,
)


@given(profiles, rule_values)
def test_every_rule_gets_a_status_and_a_sentence(profile, rules):
    evaluation = evaluate(profile, rules)
    assert len(evaluation.results) == 5
    for result in evaluation.results:
        assert result.status in Status
        assert result.sentence
        assert result.sentence[0].isupper()


@given(profiles)
def test_unpublished_rules_never_fail_anyone(profile):
    assert evaluate(profile, RuleValues()).fails_none


@given(profiles, rule_values)
def test_qualify_is_never_said_of_a_program_with_a_rule_we_cannot_check(profile, rules):
    evaluation = evaluate(profile, rules)
    statuses = {r.status for r in evaluation.results}
    assert evaluation.qualifies == (statuses == {MET})
    if UNKNOWN in statuses:
        assert evaluation.group != "qualify"
        assert evaluation.missing  # and the student is told what is missing
    expected = {0: "qualify" if statuses == {MET} else "unknown", 1: "near"}
    assert evaluation.group == expected.get(len(evaluation.unmet), "")


def test_a_program_publishing_nothing_says_what_is_missing():
    profile = StudentProfile(
        gpa=Decimal("3.5"), gre=320, has_bachelors=True, cs_degree=True, programming=True, math=True
    )
    assert evaluate(profile, RuleValues()).missing == (
        "The program does not publish its bachelor's degree requirement, its minimum GPA, "
        "its GRE policy, its programming prerequisite or its math prerequisite."
    )


def test_a_skipped_question_is_named_apart_from_an_unpublished_rule():
    rules = RuleValues(
        min_gpa=Decimal("3.00"),
        gre_policy="not_required",
        bachelors="any_field",
        requires_programming=True,
        requires_math=None,
    )
    evaluation = evaluate(StudentProfile(has_bachelors=True, programming=None), rules)
    assert evaluation.group == "unknown"
    assert evaluation.missing == (
        "The program does not publish its math prerequisite; you did not tell us your GPA "
        "or whether you have a programming background."
    )


def test_every_rule_published_and_met_qualifies():
    rules = RuleValues(
        min_gpa=Decimal("3.00"),
        gre_policy="optional",
        bachelors="cs_related",
        requires_programming=True,
        requires_math=False,
    )
    profile = StudentProfile(
        gpa=Decimal("3.1"), has_bachelors=True, cs_degree=True, programming=True, math=False
    )
    evaluation = evaluate(profile, rules)
    assert (evaluation.group, evaluation.missing) == ("qualify", "")


@given(rule_values, st.decimals(min_value=0, max_value=4, places=2))
def test_a_higher_gpa_never_turns_a_met_rule_into_a_fail(rules, gpa):
    lower = check_gpa(gpa, rules.min_gpa).status
    higher = check_gpa(min(gpa + Decimal("0.1"), Decimal(4)), rules.min_gpa).status
    assert not (lower is MET and higher is NOT_MET)
