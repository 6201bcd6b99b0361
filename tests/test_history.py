"""The recorded history of schools, programs, admission rules, courses, fields of study, careers
and site pages: who changed which fields and why, from the admin, a command or a bulk write; the
admin's History page with its field-by-field differences; and the revert, its confirmation, its
permissions and the derived data that follows it."""

import csv
import io
import re
import sys
from datetime import date
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from articles.models import SitePage
from careers.models import Career
from core import history
from programs import imports
from programs.models import AdmissionRule, Course, Field, FinderRow, Program, School
from tests.articles.factories import SitePageFactory, UserFactory
from tests.careers.factories import CareerFactory
from tests.programs.factories import (
    AdmissionRuleFactory,
    CourseFactory,
    FieldFactory,
    ProgramFactory,
    SchoolFactory,
)
from tests.test_html_valid import errors_in, validate

pytestmark = pytest.mark.django_db


# --- Helpers ---------------------------------------------------------------------------------


def _form_value(bound):
    """A bound field's value as the browser would send it."""
    value = bound.value()
    widget = type(bound.field.widget).__name__
    if widget == "NullBooleanSelect":
        return {True: "true", False: "false"}.get(value, "unknown")
    if widget == "CheckboxInput":
        return "on" if value else None
    if value is None:
        return ""
    return value


def change_form_data(response, **changes):
    """The POST body of an admin change form (with its inlines) as the page shows it, with
    `changes` (names as posted, e.g. "admission-0-min_gpa")."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            bound = form[name]
            if type(bound.field.widget).__name__ in ("ClearableFileInput", "FileInput"):
                continue
            value = _form_value(bound)
            if value is not None:
                data[form.add_prefix(name)] = value
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def admin_url(obj, page="change", *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=[obj.pk, *args])


def revert_url(obj, record):
    return admin_url(obj, "revert", record.instance_type._meta.model_name, record.history_id)


def newest(obj):
    return history.history_of(type(obj)).filter(pk_value_filter(obj)).first()


def pk_value_filter(obj):
    return Q(**{type(obj)._meta.pk.attname: obj.pk})


def edited(obj, user=None, reason=None, **values):
    """Change `obj` as an editor would, through one save."""
    for name, value in values.items():
        setattr(obj, name, value)
    return history.save(obj, user=user, reason=reason)


# --- Recording -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("factory", "change"),
    [
        (SchoolFactory, {"city": "Evanston"}),
        (lambda: ProgramFactory(), {"credit_hours": 36}),
        (lambda: AdmissionRuleFactory(), {"min_gpa": Decimal("3.20")}),
        (lambda: CourseFactory(), {"name": "Deep Learning"}),
        (lambda: FieldFactory(name="Robotics"), {"description": "Robots and their brains."}),
        (lambda: CareerFactory(), {"salary": 120000}),
        (SitePageFactory, {"title": "How We Work"}),
    ],
    ids=["school", "program", "admission rules", "course", "field", "career", "site page"],
)
def test_every_tracked_model_records_its_creation_and_each_change(factory, change):
    obj = factory()
    name, value = next(iter(change.items()))
    before = getattr(obj, name)

    edited(obj, **change)

    records = list(history.history_of(type(obj)).filter(pk_value_filter(obj)))
    assert [r.history_type for r in records] == ["~", "+"]
    changes = history.compare(type(obj), records[1], records[0])
    assert [(c.name, c.old, c.new) for c in changes] == [(name, before, value)]


def test_an_admin_edit_records_the_editor_and_the_fields_it_changed(client, editor):
    page = SitePageFactory(title="Our Editorial Process", summary="How guides are made.")
    client.force_login(editor)
    form = client.get(admin_url(page))

    response = client.post(admin_url(page), change_form_data(form, title="How We Write and Review"))

    assert response.status_code == 302
    record = newest(page)
    assert record.history_user == editor
    assert record.history_type == "~"
    changes = history.compare(SitePage, record.prev_record, record)
    assert [(c.label, c.old, c.new) for c in changes] == [
        ("Title", "Our Editorial Process", "How We Write and Review")
    ]


def test_a_program_and_its_inline_rules_edited_in_the_admin_are_both_recorded_with_the_editor(
    client, editor
):
    program = AdmissionRuleFactory(min_gpa=Decimal("3.00")).program
    client.force_login(editor)
    form = client.get(admin_url(program))

    response = client.post(
        admin_url(program),
        change_form_data(form, tuition_amount="32000", **{"admission-0-min_gpa": "3.25"}),
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    program_record, rules_record = newest(program), newest(program.admission)
    assert program_record.history_user == editor
    assert rules_record.history_user == editor  # saved by the inline: the request's user
    assert program_record.tuition_amount == Decimal("32000")
    assert rules_record.min_gpa == Decimal("3.25")


def test_a_command_records_its_name_and_no_user():
    call_command("generate_programs", count=10, seed=1, stdout=StringIO())

    program = Program.objects.filter(slug__startswith="synthetic-").first()
    record = newest(program)
    assert record.history_type == "+"
    assert record.history_user is None
    assert record.history_change_reason == "manage.py generate_programs"
    assert newest(program.school).history_change_reason == "manage.py generate_programs"
    # Every program, its rules and its courses are recorded, not just some.
    synthetic = Program.objects.filter(slug__startswith="synthetic-")
    assert Program.history.filter(slug__startswith="synthetic-").count() == synthetic.count()
    assert AdmissionRule.history.filter(program__in=synthetic).count() == (
        AdmissionRule.objects.filter(program__in=synthetic).count()
    )


def test_generating_again_replaces_the_synthetic_rows_and_their_history():
    call_command("generate_programs", count=10, seed=1, stdout=StringIO())
    call_command("generate_programs", count=10, seed=2, stdout=StringIO())

    synthetic = Program.objects.filter(slug__startswith="synthetic-")
    assert Program.history.filter(slug__startswith="synthetic-").count() == synthetic.count()
    assert not Program.history.filter(history_type="-").exists()


def test_a_save_from_the_command_line_is_named_after_the_command(monkeypatch):
    school = SchoolFactory()
    monkeypatch.setattr(sys, "argv", ["manage.py", "shell"])

    edited(school, city="Evanston")

    assert newest(school).history_change_reason == "manage.py shell"
    assert newest(school).history_user is None


def test_changes_inside_recorded_as_carry_its_reason_and_user(editor):
    school = SchoolFactory()

    with history.recorded_as("Checked against the school's site", user=editor):
        edited(school, city="Evanston")
        edited(school, city="Chicago", reason="Moved campus")

    first, second = school.history.all()[1], school.history.all()[0]
    assert (first.history_change_reason, first.history_user) == (
        "Checked against the school's site",
        editor,
    )
    assert second.history_change_reason == "Moved campus"  # the object's own reason wins


def test_nothing_is_recorded_while_paused():
    school = SchoolFactory()
    pk = school.pk

    with history.paused():
        edited(school, city="Evanston")
        school.delete()

    assert [r.history_type for r in School.history.filter(id=pk)] == ["+"]


def test_bulk_writes_are_recorded_by_record_bulk_with_user_reason_and_old_values(editor):
    field = FieldFactory(name="Data Science")
    school = SchoolFactory()
    programs = Program.objects.bulk_create(
        [
            Program(
                school=school,
                name=f"MS in Data Science {n}",
                slug=f"ms-data-science-{n}",
                degree="MS",
                field=field,
                format="online",
                pacing="asynchronous",
                tuition_basis="per_credit",
                tuition_amount=Decimal("1000"),
                credit_hours=30,
            )
            for n in range(3)
        ]
    )
    history.record_bulk(Program, programs, user=editor, reason="Import of fall.csv", created=True)
    for program in programs:
        program.tuition_amount = Decimal("1100")
    Program.objects.bulk_update(programs, ["tuition_amount"])
    # The objects' tuition_total is now stale; the recorded one is computed from the new amount.
    recorded = history.record_bulk(Program, programs, user=editor, reason="Import of spring.csv")

    assert recorded == 3
    records = list(Program.history.filter(id=programs[0].pk))
    assert [(r.history_type, r.history_change_reason, r.history_user) for r in records] == [
        ("~", "Import of spring.csv", editor),
        ("+", "Import of fall.csv", editor),
    ]
    changes = history.compare(Program, records[1], records[0])
    assert [(c.name, c.old, c.new) for c in changes] == [
        ("tuition_amount", Decimal("1000"), Decimal("1100")),
        ("tuition_total", Decimal("30000"), Decimal("33000")),
    ]


def test_an_import_records_each_change_with_the_file_and_the_editor(editor):
    program = ProgramFactory(tuition_amount=Decimal("30000"), credit_hours=30)
    AdmissionRuleFactory(program=program, min_gpa=Decimal("3.00"))
    rows = list(
        csv.DictReader(io.StringIO(imports.export(Program.objects.all(), bom=False).decode()))
    )
    rows[0]["tuition_amount"], rows[0]["admission_min_gpa"] = "34000", "3.10"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)

    report = imports.run(out.getvalue().encode(), "fall-2027.csv", user=editor)

    assert report.written, report.outcome()
    for obj, field, old, new in [
        (program, "tuition_amount", Decimal("30000"), Decimal("34000")),
        (program.admission, "min_gpa", Decimal("3.00"), Decimal("3.10")),
    ]:
        record = newest(obj)
        assert (record.history_user, record.history_change_reason) == (
            editor,
            "Imported from fall-2027.csv",
        )
        changes = history.compare(type(obj), record.prev_record, record)
        assert (field, old, new) in [(c.name, c.old, c.new) for c in changes]


def test_record_bulk_takes_its_defaults_from_recorded_as_and_refuses_unsaved_objects(editor):
    schools = School.objects.bulk_create([School(name="A", slug="a", city="X", state="IL")])
    with history.recorded_as("Import of schools.csv", user=editor):
        history.record_bulk(School, schools, created=True)

    record = newest(schools[0])
    assert (record.history_change_reason, record.history_user) == ("Import of schools.csv", editor)
    with pytest.raises(ValueError, match="needs saved schools"):
        history.record_bulk(School, [School(name="B", slug="b", city="X", state="IL")])


def test_record_bulk_records_thousands_of_rows_in_one_query():
    schools = School.objects.bulk_create(
        [School(name=f"S{n}", slug=f"s-{n}", city="X", state="IL") for n in range(2500)]
    )

    with CaptureQueriesContext(connection) as queries:
        history.record_bulk(School, schools, created=True)

    assert School.history.count() == 2500
    assert len(queries) == 1  # copied table to table, not row by row


def test_publishing_from_the_program_list_is_recorded_with_the_editor(client, editor):
    program = ProgramFactory(unpublished=True)
    client.force_login(editor)

    client.post(
        reverse("admin:programs_program_changelist"),
        {"action": "publish", "_selected_action": [program.pk]},
    )

    record = newest(program)
    assert record.history_user == editor
    assert record.is_published is True
    assert record.history_change_reason == "Published from the program list"


def test_existing_rows_get_a_first_record_so_the_first_change_shows_its_old_values():
    page = SitePageFactory(title="Advertising Disclosure", slug="advertising-disclosure")
    SitePage.history.all().delete()  # as if it was written before history was recorded

    history.record_existing("articles", "SitePage")(apps, SimpleNamespace(connection=connection))
    edited(page, title="How We Make Money")

    first, change = page.history.all()[1], page.history.all()[0]
    assert first.history_change_reason == history.BASELINE_REASON
    assert [(c.old, c.new) for c in history.compare(SitePage, first, change)] == [
        ("Advertising Disclosure", "How We Make Money")
    ]


# --- The History page ------------------------------------------------------------------------


def test_the_history_page_shows_each_change_field_by_field_in_an_editors_words(client, editor):
    program = ProgramFactory(
        field="Machine Learning", format="online", tuition_amount=Decimal("30000")
    )
    edited(
        program,
        user=editor,
        reason="New fees for fall 2027",
        format="hybrid",
        tuition_amount=Decimal("32500"),
        field=FieldFactory(name="Data Science"),
        has_financial_aid=True,
        tuition_checked_on=date(2027, 3, 1),
    )
    client.force_login(editor)

    response = client.get(admin_url(program, "history"))

    assert response.status_code == 200
    entry = response.context["page_obj"][0]
    assert entry.title == "Changed"
    assert entry.by == editor.username
    assert entry.reason == "New fees for fall 2027"
    shown = [(c.label, c.old_text, c.new_text) for c in entry.changes]
    assert shown == [
        ("Field of study", "Machine Learning", "Data Science"),
        ("Format", "Online", "Hybrid"),
        ("Tuition amount", "30,000.00", "32,500.00"),
        ("Tuition total", "30,000.00", "32,500.00"),
        ("Tuition last checked", "", "1 Mar 2027"),
        ("Financial aid available", "Unknown", "Yes"),
    ]
    page = response.text
    assert '<th scope="col">Before</th>' in page
    assert "New fees for fall 2027" in page
    assert "By <strong>editor</strong>" in page


def test_long_text_changes_show_the_words_removed_and_added(client, editor):
    page = SitePageFactory(body="Every change is approved by an expert reviewer.")
    edited(page, body="Every change is checked and approved by an expert reviewer.")
    client.force_login(editor)

    response = client.get(admin_url(page, "history"))

    assert re.search(
        r'is<ins><span class="visually-hidden">\[added: </span>\s*checked and\s*'
        r'<span class="visually-hidden">\]</span></ins>\s*approved',
        response.text,
    )
    change = response.context["page_obj"][0].changes[0]
    assert [text.strip() for op, text in change.segments if op != "equal"] == ["checked and"]


def test_a_programs_history_lists_its_admission_rules_and_courses_too(client, editor):
    program = ProgramFactory()
    rules = AdmissionRuleFactory(program=program, gre_policy="required")
    course = CourseFactory(program=program, name="Statistical Learning")
    edited(rules, gre_policy="optional")
    course.delete()
    client.force_login(editor)

    response = client.get(admin_url(program, "history"))

    titles = [e.title for e in response.context["page_obj"]]
    assert titles == [
        "Course “Statistical Learning” deleted",
        "Admission rules changed",
        "Course “Statistical Learning” created",
        "Admission rules created",
        "Created",
    ]
    rules_change = response.context["page_obj"][1].changes
    assert [(c.label, c.old_text, c.new_text) for c in rules_change] == [
        ("GRE", "Required", "Optional")
    ]


def test_only_the_objects_own_newest_entry_is_marked_current(client, editor):
    program = ProgramFactory()
    AdmissionRuleFactory(program=program)
    CourseFactory.create_batch(3, program=program)  # never changed: each is current too
    edited(program, name="Renamed program")
    client.force_login(editor)

    page = client.get(admin_url(program, "history")).text

    assert page.count('<span class="history-badge">Current version</span>') == 1
    marked = page.split("history-entry--current", 1)[1].split("</h2>", 1)[0]
    assert "Changed" in marked


def test_the_history_page_reads_in_a_fixed_number_of_queries(client, editor):
    program = ProgramFactory()
    AdmissionRuleFactory(program=program)
    CourseFactory(program=program)
    client.force_login(editor)
    client.get(admin_url(program, "history"))  # sessions, content types

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(admin_url(program, "history")).status_code == 200
        return len(captured)

    few = queries()
    for n in range(10):
        edited(
            program,
            user=editor,
            tuition_amount=Decimal(31000 + n),
            field=FieldFactory(name=f"F{n}"),
        )
        CourseFactory(program=program)
    assert queries() == few


def test_the_history_and_revert_pages_are_valid_html(client, editor, tmp_path):
    program = ProgramFactory(summary="A first summary.")
    edited(program, user=editor, summary="A second <summary> & more.", credit_hours=33)
    client.force_login(editor)
    record = program.history.last()
    pages = {
        "history": client.get(admin_url(program, "history")).content,
        "revert": client.get(revert_url(program, record)).content,
    }
    files = []
    for name, content in pages.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(content)

    assert [(m["url"].rsplit("/", 1)[-1], m["message"]) for m in errors_in(validate(files))] == []


# --- Reverting -------------------------------------------------------------------------------


def test_reverting_a_tuition_change_brings_the_old_tuition_back_everywhere(client, editor):
    program = ProgramFactory(
        name="MS in Applied Statistics", tuition_amount=Decimal("30000"), credit_hours=30
    )
    edited(program, user=editor, tuition_amount=Decimal("45000"))
    assert "$45,000" in client.get(reverse("programs:directory")).text
    client.force_login(editor)
    old_version = program.history.last()

    confirmation = client.get(revert_url(program, old_version))

    assert confirmation.status_code == 200
    changes = [(c.label, c.old_text, c.new_text) for c in confirmation.context["plan"].changes]
    assert changes == [("Tuition amount", "45,000.00", "30,000.00")]
    program.refresh_from_db()
    assert program.tuition_amount == Decimal("45000")  # nothing changes before the Yes

    response = client.post(revert_url(program, old_version))

    assert response.status_code == 302
    assert response["Location"] == admin_url(program, "history")
    program.refresh_from_db()
    assert program.tuition_amount == Decimal("30000")
    assert FinderRow.objects.get(program=program).tuition_total == Decimal("30000")
    client.logout()
    directory = client.get(reverse("programs:directory")).text
    assert "$30,000" in directory
    assert "$45,000" not in directory
    detail = client.get(program.get_absolute_url())
    assert detail.status_code == 200
    assert "$30,000" in detail.text


def test_a_revert_is_recorded_with_its_reason_and_logged(client, editor):
    page = SitePageFactory(title="Our Editorial Process")
    edited(page, title="Editorial Process")
    client.force_login(editor)
    old_version = page.history.last()

    client.post(revert_url(page, old_version))

    page.refresh_from_db()
    assert page.title == "Our Editorial Process"
    record = newest(page)
    assert record.history_user == editor
    assert record.history_change_reason == (
        f"Reverted to {history.when(old_version.history_date)} by editor"
    )
    assert [(c.old, c.new) for c in history.compare(SitePage, record.prev_record, record)] == [
        ("Editorial Process", "Our Editorial Process")
    ]
    log = LogEntry.objects.get(object_id=str(page.pk))
    assert log.user == editor
    assert log.get_change_message() == (
        f"Reverted to the version of {history.when(old_version.history_date)}."
    )
    history_page = client.get(admin_url(page, "history")).text
    assert escape(record.history_change_reason) in history_page


def test_the_admission_rules_are_reverted_from_the_programs_history(client, editor):
    rules = AdmissionRuleFactory(gre_policy="required", gre_min_total=310)
    edited(rules, gre_policy="not_required", gre_min_total=None)
    client.force_login(editor)
    program = rules.program

    response = client.post(revert_url(program, rules.history.last()))

    assert response.status_code == 302
    rules.refresh_from_db()
    assert (rules.gre_policy, rules.gre_min_total) == ("required", 310)
    assert FinderRow.objects.get(program=program).gre_policy == "required"


def test_the_current_version_offers_no_revert(client, editor):
    page = SitePageFactory()
    edited(page, title="Another title")
    client.force_login(editor)

    entries = client.get(admin_url(page, "history")).context["page_obj"]
    response = client.post(revert_url(page, page.history.first()))

    assert [e.revert_url is not None for e in entries] == [False, True]
    assert response.status_code == 200
    assert "nothing to revert" in response.text


def test_a_version_that_is_no_longer_valid_is_explained_and_not_written(client, editor):
    program = ProgramFactory(slug="ms-data-science")
    edited(program, slug="ms-data-science-online")
    ProgramFactory(slug="ms-data-science")  # another program took the old address since
    client.force_login(editor)
    old_version = program.history.last()

    confirmation = client.get(revert_url(program, old_version))
    response = client.post(revert_url(program, old_version))

    assert "Slug: Program with this Slug already exists." in confirmation.context["errors"]
    assert "Yes, revert" not in confirmation.text
    assert response.status_code == 400
    program.refresh_from_db()
    assert program.slug == "ms-data-science-online"


def test_reverting_never_touches_the_first_publication():
    program = ProgramFactory(unpublished=True)
    edited(program, is_published=True)
    first_published = Program.objects.get(pk=program.pk).first_published_at
    editor = UserFactory(is_superuser=True, is_staff=True)

    history.revert(program.history.last(), editor)

    program.refresh_from_db()
    assert program.is_published is False
    assert program.first_published_at == first_published  # its page answers 410, not 404


def test_a_logo_no_longer_stored_is_kept_as_it_is_now(superuser):
    school = SchoolFactory(city="Springfield", logo="schools/replaced-long-ago.png")
    edited(school, city="Evanston", logo="schools/current.png")
    old_version = school.history.last()

    plan = history.revert(old_version, superuser)

    school.refresh_from_db()
    assert (school.city, school.logo.name) == ("Springfield", "schools/current.png")
    assert plan.notes == ["The logo of that version is no longer stored; the current one is kept."]


ROLES = ["anonymous", "staff", "writer", "reviewer", "editor", "superuser"]
# (sees the history, may revert) per role: reverting needs the change permission.
MAY = {
    "anonymous": (False, False),
    "staff": (False, False),
    "writer": (True, False),
    "reviewer": (True, False),
    "editor": (True, True),
    "superuser": (True, True),
}


@pytest.mark.parametrize("role", ROLES)
def test_only_people_who_may_change_programs_may_revert_them(client, request, role):
    program = ProgramFactory(tuition_amount=Decimal("30000"))
    edited(program, tuition_amount=Decimal("45000"))
    old_version = program.history.last()
    user = request.getfixturevalue(role)
    sees, reverts = MAY[role]
    if role != "anonymous":
        client.force_login(user)

    history_page = client.get(admin_url(program, "history"))
    confirmation = client.get(revert_url(program, old_version))
    response = client.post(revert_url(program, old_version))

    program.refresh_from_db()
    assert program.tuition_amount == (Decimal("30000") if reverts else Decimal("45000"))
    if role == "anonymous":
        assert history_page.status_code == confirmation.status_code == response.status_code == 302
        assert "/admin/login/" in response["Location"]
        return
    assert history_page.status_code == (200 if sees else 403)
    assert confirmation.status_code == (200 if reverts else 403)
    assert response.status_code == (302 if reverts else 403)
    if sees:
        has_link = "Revert to this version" in history_page.text
        assert has_link is reverts


@pytest.mark.parametrize("role", ["anonymous", "writer", "reviewer"])
def test_the_revert_service_refuses_people_without_change_permission(request, role):
    program = ProgramFactory()
    edited(program, credit_hours=40)

    with pytest.raises(PermissionDenied):
        history.revert(program.history.last(), request.getfixturevalue(role))

    assert Program.objects.get(pk=program.pk).credit_hours == 40


def test_a_career_is_reverted_like_the_rest(client, editor):
    career = CareerFactory(title="Data Scientist", salary=100000)
    edited(career, salary=90000)
    client.force_login(editor)

    response = client.post(revert_url(career, career.history.last()))

    assert response.status_code == 302
    assert Career.objects.get(pk=career.pk).salary == 100000


def test_a_field_of_study_is_reverted_like_the_rest(client, superuser):
    field = FieldFactory(name="Quantum Information", synonyms="Quantum computing")
    edited(field, synonyms="")
    client.force_login(superuser)

    response = client.post(revert_url(field, field.history.last()))

    assert response.status_code == 302
    assert Field.objects.get(pk=field.pk).synonyms == "Quantum computing"


def test_the_revert_page_of_another_objects_version_is_not_found(client, editor):
    one, other = SitePageFactory(slug="one"), SitePageFactory(slug="two")
    client.force_login(editor)

    response = client.get(revert_url(one, other.history.first()))

    assert response.status_code == 404


def test_a_course_reverted_from_its_own_admin(client, editor):
    course = CourseFactory(name="Statistical Learning")
    edited(course, name="Statistics")
    client.force_login(editor)

    client.post(revert_url(course, course.history.last()))

    assert Course.objects.get(pk=course.pk).name == "Statistical Learning"
