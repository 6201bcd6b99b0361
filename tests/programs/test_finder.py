"""Finder querysets: each filter, sorts, facet counts and the quiz's database-side match."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs import finder, rules
from programs.models import Field, Program
from tests.programs.factories import (
    AdmissionRuleFactory,
    FieldFactory,
    ProgramFactory,
    SchoolFactory,
    field_named,
)

pytestmark = pytest.mark.django_db


def slugs(queryset):
    return [p.slug for p in queryset]


def with_field(filters):
    """The filters with a field of study named by its name, as the directory's form gives it."""
    if "field" in filters:
        return {**filters, "field": field_named(filters["field"])}
    return filters


@pytest.fixture
def catalogue():
    """Four published programs that differ on every filter, and one unpublished."""
    ny = SchoolFactory(state="NY", accreditor="Middle States", acceptance_rate=Decimal("30"))
    ca = SchoolFactory(state="CA", acceptance_rate=Decimal("80"), is_partner=True)
    cheap = ProgramFactory(
        slug="cheap",
        name="Alpha",
        school=ny,
        tuition_amount=Decimal("10000"),
        duration_min_months=12,
        culminating="thesis",
        has_financial_aid=True,
    )
    AdmissionRuleFactory(program=cheap, min_gpa=Decimal("3.00"), gre_policy="required")
    dear = ProgramFactory(
        slug="dear",
        name="Bravo",
        school=ca,
        field="Artificial Intelligence",
        degree="MEng",
        format="hybrid",
        pacing="synchronous",
        tuition_amount=Decimal("80000"),
        duration_min_months=24,
        culminating="capstone",
    )
    AdmissionRuleFactory(program=dear, min_gpa=Decimal("2.50"), gre_policy="not_required")
    either = ProgramFactory(
        slug="either",
        name="Charlie",
        school=ny,
        tuition_basis="per_credit",
        tuition_amount=Decimal("1000"),
        credit_hours=36,
        culminating="either",
    )
    AdmissionRuleFactory(program=either, gre_policy="optional")
    ProgramFactory(slug="norules", name="Delta", school=ca, tuition_amount=None)
    ProgramFactory(slug="hidden", name="Aardvark", unpublished=True, school=ny)


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["cheap", "dear", "either", "norules"]),
        ({"field": "Artificial Intelligence"}, ["dear"]),
        ({"degree": "MEng"}, ["dear"]),
        ({"format": "hybrid"}, ["dear"]),
        ({"pacing": "synchronous"}, ["dear"]),
        ({"max_tuition": Decimal("36000")}, ["cheap", "either"]),
        ({"max_tuition": Decimal("10000")}, ["cheap"]),
        ({"no_gre": True}, ["dear", "either"]),
        ({"gpa": Decimal("2.75")}, ["dear", "either", "norules"]),
        ({"gpa": Decimal("3.00")}, ["cheap", "dear", "either", "norules"]),
        ({"thesis": "thesis"}, ["cheap", "either"]),
        ({"thesis": "capstone"}, ["dear", "either"]),
        ({"thesis": "neither"}, []),
        ({"max_months": 12}, ["cheap"]),
        ({"state": "CA"}, ["dear", "norules"]),
        ({"aid": True}, ["cheap"]),
        ({"accredited": True}, ["cheap", "either"]),
        ({"accredited": True, "no_gre": True, "max_tuition": Decimal("40000")}, ["either"]),
        ({"state": "NY", "gpa": Decimal("2.0")}, ["either"]),
    ],
)
def test_each_filter_alone_and_combined_leaves_the_right_programs(filters, expected):
    assert slugs(finder.directory(with_field(filters))) == expected


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["cheap", "dear", "either", "norules"]),
        ("tuition", ["cheap", "either", "dear", "norules"]),
        ("-tuition", ["dear", "either", "cheap", "norules"]),
        ("duration", ["cheap", "dear", "either", "norules"]),
        ("acceptance", ["dear", "norules", "cheap", "either"]),
        ("featured", ["dear", "norules", "cheap", "either"]),
    ],
)
def test_sorts_order_results_and_unknown_values_go_last(sort, expected):
    assert slugs(finder.directory({}, sort)) == expected


@pytest.mark.usefixtures("catalogue")
def test_partners_are_not_favoured_by_the_default_sort():
    ordered = list(finder.directory({}))
    assert [p.school.is_partner for p in ordered] == [False, True, False, True]


@pytest.mark.usefixtures("catalogue")
def test_facets_count_what_each_option_would_leave():
    facets = finder.facets({"format": "online"})
    assert facets["total"] == 3
    # Other format options ignore the chosen format but keep every other filter.
    assert facets["options"]["format"] == {"online": 3, "in_person": 0, "hybrid": 1}
    assert facets["options"]["degree"]["MEng"] == 0
    assert facets["options"]["no_gre"][True] == 1
    assert facets["states"] == {"CA": 1, "NY": 2}
    by_field = {row["name"]: row for row in facets["fields"]}
    assert by_field["Artificial Intelligence"]["matching"] == 0
    assert by_field["Machine Learning"]["matching"] == 3


@pytest.mark.usefixtures("catalogue")
def test_each_option_counts_what_choosing_it_too_would_leave():
    filters = {"no_gre": True, "thesis": "capstone", "max_tuition": Decimal("90000")}
    facets = finder.facets(filters)
    assert facets["total"] == 2
    assert (facets["tuition_min"], facets["tuition_max"]) == (Decimal("36000"), Decimal("80000"))
    # "either" offers a thesis and a capstone, so it counts under both.
    assert facets["options"]["thesis"] == {"thesis": 1, "capstone": 2, "neither": 0}
    assert facets["options"]["no_gre"] == {True: 2}
    assert facets["options"]["accredited"] == {True: 1}
    for group, counts in facets["options"].items():
        for value, count in counts.items():
            assert count == finder.directory({**filters, group: value}).count(), (group, value)


@pytest.mark.usefixtures("catalogue")
def test_facets_give_the_tuition_range_of_the_matches():
    facets = finder.facets({})
    assert (facets["tuition_min"], facets["tuition_max"]) == (Decimal("10000"), Decimal("80000"))


@pytest.mark.usefixtures("catalogue")
def test_field_stats_give_counts_and_tuition_ranges_per_field():
    stats = {row["name"]: row for row in finder.field_stats()}
    assert stats["Machine Learning"]["total"] == 3
    assert (stats["Machine Learning"]["low"], stats["Machine Learning"]["high"]) == (
        Decimal("10000"),
        Decimal("36000"),
    )


def test_facets_run_in_two_queries_whatever_the_filters(django_assert_num_queries):
    ProgramFactory.create_batch(3)
    with django_assert_num_queries(2):
        finder.facets({"format": "online", "gpa": Decimal("3"), "no_gre": True, "state": "IL"})


@pytest.mark.usefixtures("catalogue")
def test_featured_partners_respect_the_filters_and_are_only_partners():
    assert slugs(finder.directory_cards({}, "name", 0, 0)[1]) == ["dear", "norules"]
    assert slugs(finder.directory_cards({"state": "NY"}, "name", 0, 0)[1]) == []


@pytest.mark.usefixtures("catalogue")
def test_featured_partners_leave_out_the_cards_already_shown():
    at = slugs(finder.directory({}, "tuition")).index("dear")
    page, featured = finder.directory_cards({}, "tuition", at, at + 1)
    assert slugs(page) == ["dear"]
    assert slugs(featured) == ["norules"]


@pytest.mark.usefixtures("catalogue")
def test_a_program_unpublished_behind_the_finders_back_is_on_no_card():
    # A bulk update sends no signal: its finder row stays until the next refresh.
    Program.objects.filter(slug="dear").update(is_published=False)
    page, featured = finder.directory_cards({}, "name", 0, 20)
    assert "dear" not in slugs(page) + slugs(featured)


# Every rule the quiz checks, published; a student with STRONG answers meets them all.
ALL_PUBLISHED = {
    "min_gpa": Decimal("3.00"),
    "gre_policy": "not_required",
    "bachelors": "any_field",
    "requires_programming": False,
    "requires_math": False,
}
STRONG = rules.StudentProfile(
    gpa=Decimal("3.5"), gre=320, has_bachelors=True, cs_degree=True, programming=True, math=True
)


@pytest.mark.usefixtures("catalogue")
def test_match_keeps_programs_with_unpublished_rules_out_of_qualify():
    profile = rules.StudentProfile(gpa=Decimal("2.8"), gre=None)
    found = finder.match(profile, {})
    assert found["qualify"] == []
    # Nothing fails at these three, but each leaves a rule unpublished (ordered by tuition).
    assert [row["slug"] for row in found["unknown"]] == ["either", "dear", "norules"]
    # "cheap" needs GPA 3.0 and the GRE: two rules unmet, so not even a near miss.
    assert found["near"] == []
    counts = (found["qualify_count"], found["unknown_count"], found["near_count"])
    assert counts == (0, 3, 0)


def test_match_puts_each_program_in_one_of_three_groups():
    ProgramFactory(slug="no-rules")
    AdmissionRuleFactory(program=ProgramFactory(slug="all-met"), **ALL_PUBLISHED)
    AdmissionRuleFactory(
        program=ProgramFactory(slug="no-math-rule"), **{**ALL_PUBLISHED, "requires_math": None}
    )
    AdmissionRuleFactory(
        program=ProgramFactory(slug="gpa-too-low"), **{**ALL_PUBLISHED, "min_gpa": Decimal("3.9")}
    )
    found = finder.match(STRONG, {})
    groups = {group: {row["slug"] for row in found[group]} for group in finder.GROUPS}
    assert groups == {
        "qualify": {"all-met"},
        "unknown": {"no-rules", "no-math-rule"},
        "near": {"gpa-too-low"},
    }


@pytest.mark.usefixtures("catalogue")
def test_match_ranks_by_fit_then_tuition():
    profile = rules.StudentProfile(gpa=Decimal("4.0"), gre=330)
    found = finder.match(profile, {"format": "hybrid", "budget": Decimal("90000")})
    assert [row["slug"] for row in found["unknown"]][:2] == ["dear", "cheap"]


def test_match_never_includes_unpublished_programs():
    ProgramFactory(unpublished=True)
    found = finder.match(rules.StudentProfile(), {})
    assert found["qualify_count"] == 0


def test_fit_reasons_say_why_in_words():
    data_science, statistics = field_named("Data Science"), field_named("Statistics")
    row = {
        "tuition_total": Decimal("50000"),
        "field": data_science.pk,
        "field__name": "Data Science",
        "format": "online",
    }
    reasons = finder.fit_reasons(
        row, {"budget": Decimal("40000"), "field": data_science, "format": "hybrid"}
    )
    assert reasons == [
        ("not_met", "Over your budget"),
        ("met", "Data Science, as you prefer"),
        ("not_met", "Online, not Hybrid"),
    ]
    assert finder.fit_reasons(row, {"field": statistics}) == [
        ("not_met", "Data Science, not Statistics")
    ]


answers = st.none() | st.booleans()
profiles = st.builds(
    rules.StudentProfile,
    gpa=st.none() | st.decimals(min_value=0, max_value=4, places=2),
    gre=st.none() | st.integers(260, 340),
    has_bachelors=answers,
    cs_degree=answers,
    programming=answers,
    math=answers,
)


@pytest.fixture
def every_rule_kind(db):
    """One program per combination of rule kinds that matters, and one with no rules."""
    ProgramFactory(slug="no-rules")
    combos = [
        ("3.00", "required", 320, "cs_related", True, True),
        ("2.50", "optional", 300, "any_field", False, None),
        (None, "not_required", None, "unknown", None, True),
        ("3.50", "required", None, "any_field", True, False),
        (None, "unknown", None, "cs_related", None, None),
        # Every rule published, so a student can qualify outright.
        ("2.00", "not_required", None, "any_field", False, False),
        ("3.00", "optional", 310, "cs_related", True, True),
        ("2.50", "required", 300, "any_field", False, True),
    ]
    for n, (gpa, policy, gre, bachelors, programming, math) in enumerate(combos):
        AdmissionRuleFactory(
            program=ProgramFactory(slug=f"rule-{n}"),
            min_gpa=Decimal(gpa) if gpa else None,
            gre_policy=policy,
            gre_min_total=gre,
            bachelors=bachelors,
            requires_programming=programming,
            requires_math=math,
        )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(profile=profiles)
def test_database_match_agrees_with_rules_py_for_every_student(every_rule_kind, profile):
    found = finder.match(profile, {}, limit=100, near_limit=100)
    from_db = {row["slug"]: group for group in finder.GROUPS for row in found[group]}
    rows = Program.objects.published().values(*finder.MATCH_FIELDS)
    from_python = {}
    for row in rows:
        group = rules.evaluate(profile, rules.RuleValues.from_values(row)).group
        if group:
            from_python[row["slug"]] = group
    assert from_db == from_python
    for group in finder.GROUPS:
        assert found[f"{group}_count"] == len(found[group])


def test_match_counts_every_qualifying_program_but_returns_only_the_best():
    for program in ProgramFactory.create_batch(5):
        AdmissionRuleFactory(program=program, **ALL_PUBLISHED)
    ProgramFactory.create_batch(3)  # no rules published: "can't tell"
    found = finder.match(STRONG, {}, limit=2, near_limit=1)
    assert (found["qualify_count"], len(found["qualify"])) == (5, 2)
    assert (found["unknown_count"], len(found["unknown"])) == (3, 2)


def test_deep_directory_page_keeps_the_chosen_order(catalogue):
    page, _ = finder.directory_cards({}, "tuition", 1, 3)
    assert slugs(page) == ["either", "dear"]


@pytest.mark.usefixtures("catalogue")
def test_field_and_state_facets_keep_the_other_filters():
    facets = finder.facets(with_field({"state": "NY", "field": "Machine Learning", "aid": True}))
    assert facets["total"] == 1
    assert facets["states"] == {"CA": 0, "NY": 1}
    by_field = {row["name"]: row for row in facets["fields"]}
    assert by_field["Machine Learning"]["matching"] == 1
    assert by_field["Artificial Intelligence"] == {
        "field": Field.objects.get(name="Artificial Intelligence").pk,
        "name": "Artificial Intelligence",
        "slug": "artificial-intelligence",
        "total": 1,
        "matching": 0,
        "low": Decimal("80000"),
        "high": Decimal("80000"),
    }
    assert facets["options"]["aid"][True] == 1
    assert facets["options"]["format"] == {"online": 1, "in_person": 0, "hybrid": 0}


# Facet counts against the plain definition: for each option, the programs left by every other
# chosen filter plus that option, counted one directory query at a time.
filter_sets = st.fixed_dictionaries(
    {},
    optional={
        "field": st.sampled_from(["Machine Learning", "Data Science", "Cybersecurity"]),
        "degree": st.sampled_from(Program.Degree.values),
        "format": st.sampled_from(Program.Format.values),
        "pacing": st.sampled_from(Program.Pacing.values),
        "thesis": st.sampled_from(["thesis", "capstone", "neither"]),
        "no_gre": st.just(True),
        "aid": st.just(True),
        "accredited": st.just(True),
        "max_tuition": st.sampled_from([Decimal("20000"), Decimal("60000")]),
        "gpa": st.sampled_from([Decimal("2.5"), Decimal("3.2")]),
        "max_months": st.sampled_from([12, 18]),
        "state": st.sampled_from(["CA", "NY", "TX"]),
    },
)


@pytest.fixture
def synthetic_catalogue(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("generate_programs", count=150, seed=7, stdout=StringIO())


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(filters=filter_sets)
def test_facet_counts_equal_one_directory_query_per_option(synthetic_catalogue, filters):
    filters = with_field(filters)
    facets = finder.facets(filters)

    assert facets["total"] == finder.directory(filters).count()
    for group, counts in facets["options"].items():
        for value, count in counts.items():
            assert count == finder.directory({**filters, group: value}).count(), (group, value)
    for row in facets["fields"]:
        assert row["matching"] == finder.directory({**filters, "field": row["field"]}).count()
    for state, count in facets["states"].items():
        assert count == finder.directory({**filters, "state": state}).count()


def test_one_field_is_one_facet_entry_however_its_programs_were_typed():
    FieldFactory(name="Machine Learning", synonyms="ML")
    for typed in ("Machine Learning", "machine learning", " MACHINE LEARNING ", "ML"):
        ProgramFactory(field=typed)
    ProgramFactory(field=None)  # not mapped yet: in no entry, still in the results

    facets = finder.facets({})

    assert [(row["name"], row["total"]) for row in facets["fields"]] == [("Machine Learning", 4)]
    assert facets["total"] == 5
    assert [(row["name"], row["total"]) for row in finder.field_stats()] == [
        ("Machine Learning", 4)
    ]
