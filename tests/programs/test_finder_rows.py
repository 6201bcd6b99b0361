"""FinderRow, the finder's copy of each published program, follows every kind of change."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs import finder, finder_rows
from programs.models import AdmissionRule, FinderRow, Program
from tests.programs.factories import AdmissionRuleFactory, ProgramFactory, SchoolFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("programs:directory")


def snapshot():
    """Every row as a dict, for comparing with what a full rebuild gives."""
    return {row["program_id"]: row for row in FinderRow.objects.values()}


def rebuilt():
    finder_rows.refresh()
    return snapshot()


def test_a_published_program_gets_a_row_with_its_school_and_rules():
    school = SchoolFactory(state="NY", accreditor="MSCHE", is_partner=True)
    program = ProgramFactory(school=school, culminating="either", has_financial_aid=True)
    AdmissionRuleFactory(program=program, min_gpa=Decimal("3.00"), gre_policy="optional")

    row = FinderRow.objects.get(program=program)

    assert (row.state, row.accredited, row.partner) == ("NY", True, True)
    assert (row.aid, row.no_gre, row.min_gpa) == (True, True, Decimal("3.00"))
    assert row.tuition_total == Decimal("30000")


def test_unpublished_programs_have_no_row_and_unpublishing_removes_it():
    ProgramFactory(unpublished=True)
    program = ProgramFactory()
    assert FinderRow.objects.count() == 1

    program.is_published = False
    program.save()

    assert not FinderRow.objects.exists()
    assert finder.facets({})["total"] == 0


def test_saving_the_school_updates_the_rows_of_all_its_programs():
    school = SchoolFactory(state="IL")
    ProgramFactory.create_batch(2, school=school)

    school.state = "CA"
    school.accreditor = ""
    school.save()

    assert list(FinderRow.objects.values_list("state", "accredited")) == [("CA", False)] * 2
    assert finder.facets({"state": "CA"})["total"] == 2


def test_deleting_the_rules_makes_every_rule_unknown_not_failed():
    rule = AdmissionRuleFactory(min_gpa=Decimal("3.9"), gre_policy="required")
    assert finder.facets({"gpa": Decimal("3.0")})["total"] == 0

    rule.delete()

    row = FinderRow.objects.get()
    assert (row.min_gpa, row.gre_policy, row.no_gre) == (None, "unknown", False)
    assert finder.facets({"gpa": Decimal("3.0")})["total"] == 1


def test_deleting_a_program_with_rules_deletes_its_row():
    AdmissionRuleFactory(program=ProgramFactory())
    kept = ProgramFactory()

    Program.objects.exclude(pk=kept.pk).delete()

    assert list(FinderRow.objects.values_list("program", flat=True)) == [kept.pk]


@pytest.mark.parametrize(("action", "published"), [("publish", True), ("unpublish", False)])
def test_admin_publish_actions_update_the_finder_at_once(client, editor, action, published):
    program = ProgramFactory(is_published=not published)
    client.get(DIRECTORY)  # counts cached from before the action must not be served after it
    client.force_login(editor)
    changelist = reverse("admin:programs_program_changelist")

    # Filtered on the old state, as an editor clearing a list of drafts would be.
    client.post(
        f"{changelist}?is_published__exact={int(not published)}",
        {"action": action, "_selected_action": [program.pk]},
    )

    assert FinderRow.objects.filter(program=program).exists() is published
    client.logout()
    count = "1 program matches" if published else "No programs match these filters"
    assert count in client.get(DIRECTORY).text


def test_refresh_finder_command_repairs_rows_after_changes_without_signals():
    program = ProgramFactory(format="online")
    Program.objects.filter(pk=program.pk).update(format="hybrid")  # no signal
    assert FinderRow.objects.get().format == "online"
    out = StringIO()

    call_command("refresh_finder", stdout=out)

    assert "Rebuilt the finder rows of 1 published programs" in out.getvalue()
    assert FinderRow.objects.get().format == "hybrid"


def test_refresh_finder_drops_cached_facet_counts(client):
    program = ProgramFactory(format="online")
    assert "1 program matches" in client.get(DIRECTORY, {"format": "online"}).text  # cached
    Program.objects.filter(pk=program.pk).update(format="hybrid")  # no signal

    call_command("refresh_finder", stdout=StringIO())

    assert "No programs match" in client.get(DIRECTORY, {"format": "online"}).text


def test_generate_programs_builds_the_rows_of_its_published_programs():
    call_command("generate_programs", count=50, stdout=StringIO())

    assert FinderRow.objects.count() == Program.objects.published().count() > 0
    assert snapshot() == rebuilt()


# Random edits through the ORM, each followed by the check that the rows equal a rebuild.
edits = st.lists(
    st.sampled_from(
        [
            "publish",
            "unpublish",
            "move school",
            "partner",
            "no accreditor",
            "rules required",
            "rules optional",
            "delete rules",
            "tuition per credit",
            "no tuition",
            "delete program",
            "new program",
        ]
    ),
    min_size=1,
    max_size=8,
)


def apply(edit, programs, schools):
    if not programs:
        programs.append(ProgramFactory(school=schools[0]))
    program = programs[0]
    match edit:
        case "publish" | "unpublish":
            program.is_published = edit == "publish"
            program.save()
        case "move school":
            program.school = schools[1]
            program.save()
        case "partner" | "no accreditor":
            school = program.school
            school.is_partner = edit == "partner"
            school.accreditor = "" if edit == "no accreditor" else "HLC"
            school.save()
        case "rules required" | "rules optional":
            rule = AdmissionRule.objects.filter(program=program).first()
            rule = rule or AdmissionRuleFactory.build(program=program)
            rule.gre_policy = edit.split()[1]
            rule.min_gpa = Decimal("3.25")
            rule.save()
        case "delete rules":
            for rule in AdmissionRule.objects.filter(program=program):
                rule.delete()
        case "tuition per credit":
            program.tuition_basis = "per_credit"
            program.tuition_amount = Decimal("1200")
            program.save()
        case "no tuition":
            program.tuition_amount = None
            program.save()
        case "delete program":
            program.delete()
            programs.remove(program)
        case "new program":
            programs.insert(0, ProgramFactory(school=schools[-1], format="hybrid"))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=edits)
def test_rows_always_equal_a_rebuild_after_any_edits(steps):
    schools = [SchoolFactory(state="NY"), SchoolFactory(state="TX", accreditor="HLC")]
    programs = [ProgramFactory(school=schools[0]), ProgramFactory(school=schools[1])]
    for edit in steps:
        apply(edit, programs, schools)
        assert snapshot() == rebuilt(), edit


def _overlapping(first, second):
    """Run `first` in a transaction kept open until `second` (another thread and connection)
    has started and blocked on it; return the errors either raised. PostgreSQL only."""
    import threading

    from django.db import connection, transaction

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; overlapping transactions need PostgreSQL.")
    first_done, release_first = threading.Event(), threading.Event()
    errors = []

    def run_first():
        try:
            with transaction.atomic():
                first()
                first_done.set()
                release_first.wait(5)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            first_done.set()
            connection.close()

    def run_second():
        try:
            second()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    threads[0].start()
    first_done.wait(5)
    threads[1].start()
    threads[1].join(0.5)  # blocked on the first transaction's rows
    release_first.set()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_saves_of_one_program_both_succeed():
    """The second save waits for the first's row and then updates it."""
    program = ProgramFactory(format="online")

    # As the signals do when a program and its school are saved at the same moment.
    def refresh():
        finder_rows.refresh([program.pk])

    assert _overlapping(refresh, refresh) == []
    assert FinderRow.objects.get(program=program).format == "online"


def test_a_stale_row_never_shows_an_unpublished_program(client):
    shown = ProgramFactory(name="Still Published MS")
    hidden = ProgramFactory(name="Quietly Unpublished MS")
    Program.objects.filter(pk=hidden.pk).update(is_published=False)  # no signal: row stale

    directory = client.get(DIRECTORY)
    quiz = client.get(reverse("programs:match"), {"gpa": "3.5"})

    for response in (directory, quiz):
        assert response.status_code == 200
        assert shown.name in response.text
        assert hidden.name not in response.text


def test_generate_programs_drops_cached_facet_counts(client):
    assert "No programs match" in client.get(DIRECTORY).text  # counts now cached

    call_command("generate_programs", count=20, stdout=StringIO())

    assert "No programs match" not in client.get(DIRECTORY).text


@pytest.mark.django_db(transaction=True)
def test_saving_a_school_while_its_program_is_saved_keeps_both_changes():
    """The later save reads what the earlier one committed (row locks)."""
    school = SchoolFactory(is_partner=False)
    program = ProgramFactory(school=school, name="Old name")

    def rename_program():
        renamed = Program.objects.get(pk=program.pk)
        renamed.name = "New name"
        renamed.save()  # its row is rebuilt here, inside the open transaction

    def make_partner():
        partner = type(school).objects.get(pk=school.pk)
        partner.is_partner = True
        partner.save()  # rebuilds the rows of the school's programs

    assert _overlapping(rename_program, make_partner) == []
    row = FinderRow.objects.get(program=program)
    assert (row.name, row.partner) == ("New name", True)
