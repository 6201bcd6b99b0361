"""Importing programs from CSV and XLSX: bad rows, what a row changes, all or nothing, the admin's
upload -> preview -> confirm for each role, and the command's report and exit codes."""

import csv
import io
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from core import pagecache
from guidesite.models import SearchEntry
from programs import imports
from programs.models import AdmissionRule, Course, FinderRow, Program, School
from tests.programs.factories import (
    CourseFactory,
    FieldFactory,
    ProgramFactory,
    SchoolFactory,
)
from tests.test_html_valid import errors_in, validate

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/programs/program/import/"
CONFIRM_URL = "/admin/programs/program/import/confirm/"


@pytest.fixture(autouse=True)
def _uploads_kept_in_tmp_path(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path


@pytest.fixture(autouse=True)
def fields_of_study(db):
    return {
        "ml": FieldFactory(name="Machine Learning", slug="machine-learning", synonyms="ML"),
        "ds": FieldFactory(name="Data Science", slug="data-science"),
    }


def row(**values):
    """A valid row for a new program at a new school, with `values` changed."""
    return {
        "school_slug": "lakeshore",
        "school_name": "Lakeshore University",
        "school_city": "Chicago",
        "school_state": "IL",
        "program_slug": "lakeshore-ms-ml",
        "program_name": "Master of Science in Machine Learning",
        "degree": "MS",
        "field": "Machine Learning",
        "format": "online",
        "pacing": "asynchronous",
    } | values


def csv_file(*rows, bom=False, newline="\n"):
    columns = list(dict.fromkeys(name for r in rows for name in r))
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator=newline)
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def run(data, name="programs.csv", **kwargs):
    return imports.run(data, name, **kwargs)


def problems_of(report):
    return [(r.number, p.column, p.value, p.reason) for r in report.rows for p in r.problems]


def writes(queries):
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


# --- Bad rows --------------------------------------------------------------------------------

BAD_CELLS = [
    ({"admission_min_gpa": "5"}, "admission_min_gpa", "5", "between 0 and 4.0"),
    (
        {"admission_gre_policy": "required", "admission_gre_min_total": "100"},
        "admission_gre_min_total",
        "100",
        "between 260 and 340",
    ),
    ({"tuition_amount": "-25000"}, "tuition_amount", "-25000", "cannot be negative"),
    ({"application_fee": "-1"}, "application_fee", "-1", "cannot be negative"),
    ({"tuition_amount": "10.555"}, "tuition_amount", "10.555", "at most 2 decimal places"),
    ({"school_state": "Narnia"}, "school_state", "Narnia", "not a us state"),
    ({"field": "Basket Weaving"}, "field", "Basket Weaving", "unknown field of study"),
    ({"degree": "PhD"}, "degree", "PhD", "not one of: ms, meng, ma, mps"),
    ({"format": "by pigeon"}, "format", "by pigeon", "not one of"),
    ({"credit_hours": "thirty"}, "credit_hours", "thirty", "not a whole number"),
    ({"credit_hours": "30.5"}, "credit_hours", "30.5", "not a whole number"),
    ({"school_acceptance_rate": "120"}, "school_acceptance_rate", "120", "between 0 and 100"),
    (
        {"admission_letters_of_recommendation": "12"},
        "admission_letters_of_recommendation",
        "12",
        "between 0 and 10",
    ),
    ({"program_url": "not a web page"}, "program_url", "not a web page", "starting with https://"),
    ({"school_website": "ftp://x.example"}, "school_website", "ftp://x.example", "web address"),
    ({"program_slug": "compare"}, "program_slug", "compare", "already a page of the site"),
    ({"tuition_checked_on": "2999-01-01"}, "tuition_checked_on", "2999-01-01", "in the future"),
    (
        {"admission_checked_on": "2999-01-01"},
        "admission_checked_on",
        "2999-01-01",
        "in the future",
    ),
    (
        {"tuition_basis": "per_credit", "tuition_amount": "1200", "credit_hours": "0"},
        "credit_hours",
        "0",
        "0 would make the total $0",
    ),
    ({"tuition_checked_on": "31/31/2024"}, "tuition_checked_on", "31/31/2024", "not a date"),
    ({"admission_deadline": "2024-02-30"}, "admission_deadline", "2024-02-30", "not a date"),
    ({"has_financial_aid": "maybe"}, "has_financial_aid", "maybe", "not yes or no"),
    ({"is_published": "sometimes"}, "is_published", "sometimes", "not yes or no"),
    ({"program_slug": "has spaces"}, "program_slug", "has spaces", "not a slug"),
    ({"program_name": ""}, "program_name", "", "a value is required"),
    ({"school_name": "x" * 201}, "school_name", "x" * 201, "longer than 200 characters"),
    (
        {"courses": "Deep Learning | mandatory"},
        "courses",
        "Deep Learning | mandatory",
        "“mandatory” is not core or elective",
    ),
    (
        {"duration_min_months": "30", "duration_max_months": "24"},
        "duration_min_months",
        "30",
        "above the longest",
    ),
    (
        {"tuition_basis": "per_credit", "tuition_amount": "1200", "credit_hours": ""},
        "tuition_basis",
        "per_credit",
        "needs the program's credit hours",
    ),
    (
        {"tuition_basis": "per_credit", "tuition_amount": "9000000", "credit_hours": "30"},
        "tuition_amount",
        "9000000.00",
        "over $99,999,999.99",
    ),
    (
        {"admission_gre_min_total": "310"},
        "admission_gre_min_total",
        "310",
        "needs admission_gre_policy to be required or optional",
    ),
]


@pytest.mark.parametrize(("cells", "column", "value", "reason"), BAD_CELLS)
def test_a_bad_cell_is_reported_with_its_row_column_value_and_reason(cells, column, value, reason):
    data = csv_file(row(program_slug="fine-program"), row(**cells))

    report = run(data)

    assert report.count(imports.INVALID) == 1
    [(number, got_column, got_value, got_reason)] = problems_of(report)
    assert (number, got_column, got_value) == (3, column, value)
    assert reason in got_reason.lower()
    assert not report.written
    assert School.objects.count() == Program.objects.count() == 0


def test_an_unknown_field_of_study_lists_the_known_ones(db):
    report = run(csv_file(row(field="Underwater Robotics")))

    [(_n, _c, _v, reason)] = problems_of(report)
    known = reason.split("Known fields: ")[1]
    assert "Data Science, " in known
    assert "Machine Learning" in known
    assert "Programs > Fields of study" in reason


def test_a_field_of_study_is_found_by_synonym_slug_and_any_case(fields_of_study):
    rows = [
        row(program_slug="a", field="ml"),
        row(program_slug="b", field="data-science"),
        row(program_slug="c", field="  machine LEARNING "),
    ]

    report = run(csv_file(*rows))

    assert report.counts[imports.CREATED] == 3
    assert dict(Program.objects.values_list("slug", "field__name")) == {
        "a": "Machine Learning",
        "b": "Data Science",
        "c": "Machine Learning",
    }


def test_states_choices_and_yes_no_are_read_forgivingly(db):
    data = csv_file(
        row(
            school_state="illinois",
            format="In person",
            pacing="SYNCHRONOUS",
            has_financial_aid="Y",
            is_published="TRUE",
            tuition_amount="$32,500",
            admission_deadline="3/1/2027",
        )
    )

    report = run(data)

    assert report.counts[imports.CREATED] == 1, problems_of(report)
    program = Program.objects.select_related("school", "admission").get()
    assert program.school.state == "IL"
    assert (program.format, program.pacing) == ("in_person", "synchronous")
    assert program.has_financial_aid is True
    assert program.is_published is True
    assert program.tuition_amount == Decimal("32500.00")
    assert program.admission.deadline == date(2027, 3, 1)


def test_names_are_kept_on_one_line_as_the_admin_forms_keep_them():
    data = csv_file(row(program_name="Master of Science\r\n  in Robotics", summary="One.\nTwo."))

    run(data)

    program = Program.objects.get()
    assert program.name == "Master of Science in Robotics"
    assert program.summary == "One.\nTwo."


def test_every_problem_of_a_row_is_reported_not_just_the_first():
    report = run(csv_file(row(admission_min_gpa="4.5", school_state="ZZ", credit_hours="-3")))

    assert {column for _n, column, _v, _r in problems_of(report)} == {
        "admission_min_gpa",
        "school_state",
        "credit_hours",
    }


def a_zip_that_is_no_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not-xml")
    return out.getvalue()


def test_a_cell_that_cannot_be_read_is_not_reported_again_by_the_checks_that_use_it():
    cells = {"tuition_basis": "per_credit", "tuition_amount": "1200", "credit_hours": "thirty"}

    report = run(csv_file(row(**cells)))

    assert problems_of(report) == [(2, "credit_hours", "thirty", "Not a whole number.")]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            csv_file(row(tution_amount="30000")),
            "p.csv",
            "Column 11 “tution_amount” is not a column this import knows. Did you mean "
            "tuition_amount?",
        ),
        (
            csv_file({k: v for k, v in row().items() if k not in ("field", "pacing")}),
            "p.csv",
            "Required columns are missing: field, pacing.",
        ),
        (
            "school_slug,school_name\nlakeshore,Universit\xe9 Laval\n".encode("latin-1"),
            "p.csv",
            "The file is not UTF-8 text: line 2 holds a byte (0xE9)",
        ),
        (
            "school_slug\nx\n".encode("utf-16"),
            "p.csv",
            "The file is UTF-16 text",
        ),
        (b"", "p.csv", "The file is empty"),
        (b"PK\x03\x04 not really a workbook", "p.xlsx", "not an Excel workbook"),
        (a_zip_that_is_no_workbook(), "p.xlsx", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0 old excel", "p.xls", "Save the file as CSV UTF-8"),
        (
            b"school_slug,school_slug,school_name,school_city,school_state,program_slug,"
            b"program_name,degree,field,format,pacing\n",
            "p.csv",
            "Column 2 “school_slug” appears twice.",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(data, name, message):
    report = run(data, name)

    assert report.invalid
    assert not report.written
    assert any(message in problem for problem in report.problems), report.problems
    assert report.rows == []


def test_a_program_twice_in_one_file_is_reported_on_its_second_row():
    report = run(csv_file(row(), row(program_name="Another name")))

    assert problems_of(report) == [
        (3, "program_slug", "lakeshore-ms-ml", "The same program is on row 2.")
    ]


def test_a_program_slug_of_another_school_is_not_moved():
    ProgramFactory(slug="lakeshore-ms-ml", school=SchoolFactory(slug="hillcrest"))

    report = run(csv_file(row()))

    [(_n, column, _v, reason)] = problems_of(report)
    assert column == "program_slug"
    assert "belongs to a program of another school (hillcrest)" in reason
    assert Program.objects.get().school.slug == "hillcrest"


def test_rows_of_one_school_must_agree_on_its_columns():
    rows = [row(), row(program_slug="second", school_city="Evanston")]

    report = run(csv_file(*rows))

    assert problems_of(report) == [
        (3, "school_city", "Evanston", "Differs from row 2 for the same school (“Chicago”).")
    ]


def test_values_in_a_column_without_a_name_are_reported():
    data = (
        csv_file(row()).replace(b"pacing\n", b"pacing,\n").replace(b"chronous\n", b"chronous,?\n")
    )

    report = run(data)

    assert problems_of(report) == [(2, "", "?", "This row has values in columns without a name.")]


# --- Creating and updating -------------------------------------------------------------------


def full_row(**values):
    return (
        row(
            school_website="https://lakeshore.example.edu/",
            school_accreditor="Higher Learning Commission",
            school_acceptance_rate="62.5",
            school_is_partner="no",
            summary="Online, part time.",
            credit_hours="30",
            duration_min_months="12",
            duration_max_months="24",
            tuition_basis="per_credit",
            tuition_amount="1100",
            tuition_checked_on="2026-09-01",
            is_published="yes",
            admission_min_gpa="3.0",
            admission_gre_policy="not_required",
            admission_bachelors="any_field",
            admission_letters_of_recommendation="2",
            admission_deadline="2027-03-01",
            courses="Machine Learning | core | The basics.\nData Ethics | elective",
        )
        | values
    )


def test_a_new_program_is_created_with_its_school_rules_and_courses_and_shown_at_once():
    rows = [full_row(), full_row(program_slug="lakeshore-ms-ds", field="Data Science")]
    generation = pagecache.generation()

    report = run(csv_file(*rows))

    assert report.written
    assert report.counts[imports.CREATED] == 2
    assert [r.new_school for r in report.rows] == [True, False]
    school = School.objects.get()
    assert (school.slug, school.acceptance_rate) == ("lakeshore", Decimal("62.50"))
    program = Program.objects.select_related("admission").get(slug="lakeshore-ms-ml")
    assert program.tuition_total == Decimal("33000.00")
    assert program.first_published_at is not None
    assert program.admission.min_gpa == Decimal("3.00")
    assert program.admission.gre_policy == "not_required"
    assert [(c.name, c.kind, c.description, c.order) for c in program.courses.all()] == [
        ("Machine Learning", "core", "The basics.", 1),
        ("Data Ethics", "elective", "", 2),
    ]
    # Derived data follows the bulk write: the finder's rows, the search index, the page cache.
    assert FinderRow.objects.count() == 2
    assert SearchEntry.objects.filter(kind="programs", object_id=program.pk).exists()
    assert SearchEntry.objects.filter(kind="schools", object_id=school.pk).exists()
    assert pagecache.generation() > generation


def test_a_row_without_admission_values_makes_no_admission_rules():
    run(csv_file(row()))

    assert Program.objects.count() == 1
    assert AdmissionRule.objects.count() == 0


@pytest.fixture
def stored():
    """A program as an earlier import left it, and a second one at the same school."""
    run(csv_file(full_row(), full_row(program_slug="lakeshore-ms-ds", field="Data Science")))
    earlier = timezone.now() - timedelta(days=30)
    Program.objects.update(updated_at=earlier)
    School.objects.update(updated_at=earlier)
    return {p.slug: p for p in Program.objects.all()}


def test_reimporting_the_same_file_writes_nothing(stored):
    data = csv_file(full_row(), full_row(program_slug="lakeshore-ms-ds", field="Data Science"))

    with CaptureQueriesContext(connection) as queries:
        report = run(data)

    assert report.counts == {"created": 0, "updated": 0, "unchanged": 2, "invalid": 0}
    assert not report.written
    assert writes(queries.captured_queries) == []
    assert {p.slug: p.updated_at for p in Program.objects.all()} == {
        slug: p.updated_at for slug, p in stored.items()
    }


def test_a_changed_file_updates_exactly_the_changed_rows_and_shows_old_and_new(stored):
    data = csv_file(
        full_row(tuition_amount="1150", admission_deadline="2028-03-01", courses=""),
        full_row(program_slug="lakeshore-ms-ds", field="Data Science"),
    )

    report = run(data)

    updated, unchanged = report.rows
    assert (updated.status, unchanged.status) == ("updated", "unchanged")
    assert [(c.column, c.old, c.new) for c in updated.changes] == [
        ("tuition_amount", "1100.00", "1150.00"),
        ("admission_deadline", "2027-03-01", "2028-03-01"),
        ("courses", "Machine Learning | core | The basics.\nData Ethics | elective", ""),
    ]
    assert unchanged.changes == []
    program = Program.objects.select_related("admission").get(slug="lakeshore-ms-ml")
    assert program.tuition_amount == Decimal("1150.00")
    assert program.tuition_total == Decimal("34500.00")
    assert program.admission.deadline == date(2028, 3, 1)
    assert program.courses.count() == 0
    assert program.updated_at > stored["lakeshore-ms-ml"].updated_at
    assert (
        Program.objects.get(slug="lakeshore-ms-ds").updated_at
        == stored["lakeshore-ms-ds"].updated_at
    )
    assert FinderRow.objects.get(program=program).tuition_total == Decimal("34500.00")


def test_a_school_change_shows_on_its_first_row_and_refreshes_all_its_programs(stored):
    # One program of the school is not in the file; its finder row follows the school too.
    rows = [full_row(school_state="WI", program_slug="lakeshore-ms-ds", field="Data Science")]

    report = run(csv_file(*rows))

    [only] = report.rows
    assert [(c.column, c.old, c.new) for c in only.changes] == [("school_state", "IL", "WI")]
    assert set(FinderRow.objects.values_list("state", flat=True)) == {"WI"}


def test_a_column_left_out_keeps_its_values(stored):
    slim = {
        k: v
        for k, v in full_row(tuition_amount="1200").items()
        if not k.startswith("admission_") and k != "courses"
    }

    report = run(csv_file(slim))

    assert [(c.column, c.new) for c in report.rows[0].changes] == [("tuition_amount", "1200.00")]
    program = Program.objects.select_related("admission").get(slug="lakeshore-ms-ml")
    assert program.admission.min_gpa == Decimal("3.00")
    assert program.courses.count() == 2


def test_empty_cells_mean_unknown(stored):
    report = run(
        csv_file(full_row(admission_min_gpa="", has_financial_aid="", admission_bachelors=""))
    )

    assert [(c.column, c.old, c.new) for c in report.rows[0].changes] == [
        ("admission_min_gpa", "3.00", ""),
        ("admission_bachelors", "any_field", ""),
    ]
    rules = AdmissionRule.objects.get(program__slug="lakeshore-ms-ml")
    assert rules.min_gpa is None
    assert rules.bachelors == "unknown"


def test_the_checks_on_values_that_depend_on_each_other_use_the_stored_ones(stored):
    # The file changes only the shortest duration; the longest stored is 24 months.
    slim = {k: v for k, v in full_row().items() if k != "duration_max_months"}

    report = run(csv_file(slim | {"duration_min_months": "36"}))

    assert problems_of(report) == [
        (
            2,
            "duration_min_months",
            "36",
            "The shortest duration (36 months) is above the longest (24 months).",
        )
    ]


def test_course_changes_keep_courses_in_place_add_and_remove():
    program = ProgramFactory(school=SchoolFactory(slug="lakeshore"), slug="lakeshore-ms-ml")
    kept = CourseFactory(program=program, name="Machine Learning", order=1)
    CourseFactory(program=program, name="Old elective", kind="elective", order=2)
    base = {
        "school_name": program.school.name,
        "school_city": "Springfield",
        "program_name": program.name,
    }

    report = run(
        csv_file(row(**base, courses="Machine Learning\nDeep Learning | elective | Nets.\nNLP"))
    )

    assert report.rows[0].status == "updated", problems_of(report)
    assert [(c.name, c.kind, c.description) for c in program.courses.all()] == [
        ("Machine Learning", "core", ""),
        ("Deep Learning", "elective", "Nets."),
        ("NLP", "core", ""),
    ]
    assert program.courses.first().pk == kept.pk


def test_course_text_escapes_bars_and_line_breaks():
    run(csv_file(row(courses="A \\| B | core | Line one\\nline two \\\\ done")))

    course = Course.objects.get()
    assert (course.name, course.description) == ("A | B", "Line one\nline two \\ done")


def test_every_row_written_is_recorded_in_the_history_with_who_and_why(editor):
    first = run(csv_file(full_row()), user=editor)
    second = run(csv_file(full_row(tuition_amount="1200", courses="Machine Learning")), user=editor)
    run(csv_file(full_row(tuition_amount="1200", courses="Machine Learning")))  # unchanged

    assert first.written
    assert second.written
    program = Program.objects.get()
    records = program.history.order_by("history_date", "history_id")
    assert [(r.history_type, r.tuition_amount, r.history_user) for r in records] == [
        ("+", Decimal("1100.00"), editor),
        ("~", Decimal("1200.00"), editor),
    ]
    assert {r.history_change_reason for r in records} == {"Imported from programs.csv"}
    assert School.history.count() == AdmissionRule.history.count() == 1
    # The course the second file no longer lists was removed, and that is recorded too.
    removed = Course.history.filter(history_type="-").get()
    assert removed.name == "Data Ethics"
    assert removed.history_change_reason == "Imported from programs.csv"


def test_an_import_from_the_command_line_is_recorded_without_a_user(tmp_path):
    path = tmp_path / "programs.csv"
    path.write_bytes(csv_file(row()))

    command(str(path))

    record = Program.history.get()
    assert record.history_user is None
    assert record.history_change_reason == "Imported from programs.csv"


# --- All or nothing --------------------------------------------------------------------------


def three_rows():
    return csv_file(
        row(),
        row(program_slug="second", admission_min_gpa="5"),
        row(program_slug="third"),
    )


def test_nothing_is_written_while_any_row_is_invalid():
    report = run(three_rows())

    assert [r.status for r in report.rows] == ["created", "invalid", "created"]
    assert not report.written
    assert report.outcome() == "Nothing was written: 1 row has problems."
    assert Program.objects.count() == School.objects.count() == 0


def test_skip_invalid_imports_the_valid_rows_only():
    report = run(three_rows(), skip_invalid=True)

    assert report.written
    assert sorted(Program.objects.values_list("slug", flat=True)) == ["lakeshore-ms-ml", "third"]
    assert report.outcome().startswith("Imported (1 invalid row skipped): 2 created, 0 updated")


def test_a_new_school_is_made_from_its_first_valid_row():
    rows = [row(program_slug="bad", admission_min_gpa="9"), row(program_slug="good")]

    report = run(csv_file(*rows), skip_invalid=True)

    assert [r.new_school for r in report.rows] == [False, True]
    assert School.objects.get().name == "Lakeshore University"


def test_a_dry_run_writes_nothing():
    with CaptureQueriesContext(connection) as queries:
        report = run(csv_file(full_row()), dry_run=True)

    assert report.counts[imports.CREATED] == 1
    assert writes(queries.captured_queries) == []
    assert Program.objects.count() == 0


def test_a_failure_while_writing_leaves_nothing_behind(monkeypatch):
    def broken(rows, programs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "_write_courses", broken)

    with pytest.raises(RuntimeError):
        run(csv_file(full_row()))

    assert Program.objects.count() == School.objects.count() == AdmissionRule.objects.count() == 0


def test_the_derived_data_is_refreshed_once_per_import(monkeypatch):
    calls = []
    real = imports.finder_rows.refresh
    monkeypatch.setattr(
        imports.finder_rows, "refresh", lambda ids=None: calls.append(ids) or real(ids)
    )

    run(csv_file(*[full_row(program_slug=f"p-{i}") for i in range(5)]))

    assert len(calls) == 1
    assert len(calls[0]) == 5


# --- File formats ----------------------------------------------------------------------------


def test_a_csv_with_a_bom_and_windows_line_endings():
    data = csv_file(
        row(summary="First line.\r\nSecond line.", school_name="École Polytechnique"),
        row(program_slug="second", school_name="École Polytechnique"),
        bom=True,
        newline="\r\n",
    )
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data

    report = run(data)

    assert report.counts[imports.CREATED] == 2, problems_of(report) or report.problems
    school = School.objects.get()
    assert school.slug == "lakeshore"  # the BOM is not part of the first column's name or value
    assert school.name == "École Polytechnique"
    assert Program.objects.get(slug="lakeshore-ms-ml").summary == "First line.\r\nSecond line."
    # A spreadsheet saving the same text with LF line endings changes nothing.
    again = csv_file(row(summary="First line.\nSecond line.", school_name="École Polytechnique"))
    assert run(again).rows[0].status == "unchanged"


def test_a_csv_with_semicolons_as_some_spreadsheets_save_it():
    data = csv_file(row()).replace(b",", b";")

    assert run(data).counts[imports.CREATED] == 1


def xlsx_file(header, *rows):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    sheet.append([])  # spreadsheets keep formatted empty rows at the end
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_file_with_numbers_dates_and_booleans_as_cells():
    header = [*row(), "tuition_amount", "credit_hours", "admission_min_gpa", "admission_deadline",
              "has_financial_aid", "is_published"]  # fmt: skip
    values = [*row().values(), 41000, 30.0, 3.5, datetime(2027, 3, 1), True, "yes"]

    report = run(xlsx_file(header, values), "programs.xlsx")

    assert report.counts[imports.CREATED] == 1, problems_of(report) or report.problems
    program = Program.objects.select_related("admission").get()
    assert (program.tuition_amount, program.credit_hours) == (Decimal("41000.00"), 30)
    assert program.admission.min_gpa == Decimal("3.50")
    assert program.admission.deadline == date(2027, 3, 1)
    assert program.has_financial_aid is True
    # The same workbook again changes nothing.
    assert run(xlsx_file(header, values), "programs.xlsx").counts[imports.UNCHANGED] == 1


def test_an_xlsx_file_with_a_bad_cell_names_its_row_and_column():
    header = [*row(), "admission_min_gpa"]

    report = run(xlsx_file(header, [*row().values(), 4.7]), "programs.xlsx")

    assert problems_of(report) == [(2, "admission_min_gpa", "4.7", imports.GPA)]


def test_ten_thousand_programs_import_in_one_pass():
    rows = [
        row(
            school_slug=f"school-{i // 5}",
            school_name=f"School {i // 5}",
            program_slug=f"program-{i}",
            program_name=f"Program {i}",
            tuition_amount=str(900 + i % 500),
            is_published="yes" if i % 10 else "no",
            admission_min_gpa="3.0",
            courses="Machine Learning | core | The basics.",
        )
        for i in range(10_000)
    ]
    data = csv_file(*rows)

    report = run(data)

    assert report.written
    assert report.counts[imports.CREATED] == 10_000
    assert School.objects.count() == 2_000
    assert Program.objects.count() == AdmissionRule.objects.count() == 10_000
    assert Course.objects.count() == 10_000
    assert FinderRow.objects.count() == 9_000
    assert Program.objects.get(slug="program-9999").tuition_amount == Decimal("1399.00")
    # A dry run of the same file finds nothing to change.
    assert run(data, dry_run=True).counts[imports.UNCHANGED] == 10_000


# --- The admin: upload -> preview -> confirm -------------------------------------------------


def upload(client, data, name="programs.csv"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data)})


def confirm_data(response, **extra):
    form = response.context["confirm_form"]
    return {"token": form.initial["token"], "digest": form.initial["digest"]} | extra


@pytest.mark.parametrize("role", ["writer", "reviewer", "staff"])
def test_only_people_who_may_change_programs_may_import(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, csv_file(row())).status_code == 403
    assert client.post(CONFIRM_URL, {"token": "x", "digest": "y"}).status_code == 403
    assert Program.objects.count() == 0


@pytest.mark.parametrize("role", ["writer", "reviewer"])
def test_people_who_may_only_view_programs_see_export_but_not_import(client, request, role):
    client.force_login(request.getfixturevalue(role))

    page = client.get("/admin/programs/program/").text

    assert IMPORT_URL not in page
    assert "/admin/programs/program/export/csv/" in page


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.post(CONFIRM_URL, {}).status_code == 302
    assert Program.objects.count() == 0


def test_import_permission_is_enforced_by_the_service(writer, editor):
    with pytest.raises(imports.PermissionDenied):
        run(csv_file(row()), user=writer)
    assert Program.objects.count() == 0

    assert run(csv_file(row()), user=editor).written


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_upload_preview_and_confirm(client, request, role, stored):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert IMPORT_URL in client.get("/admin/programs/program/").text
    assert client.get(IMPORT_URL).status_code == 200
    data = csv_file(
        full_row(tuition_amount="1250"),
        full_row(program_slug="lakeshore-ms-ds", field="Data Science"),
        full_row(program_slug="lakeshore-ma-ai", program_name="MA in AI", degree="MA"),
    )

    preview = upload(client, data)

    assert preview.status_code == 200
    page = preview.text
    assert "Nothing has been written yet." in page
    assert "<code>tuition_amount</code>: from <del>“1100.00”</del> to <ins>“1250.00”</ins>" in page
    assert [r.status for r in preview.context["listed"]] == ["updated", "unchanged", "created"]
    assert Program.objects.count() == 2  # the preview wrote nothing

    done = client.post(CONFIRM_URL, confirm_data(preview))

    assert done.status_code == 302
    assert done["Location"] == "/admin/programs/program/"
    assert Program.objects.count() == 3
    assert Program.objects.get(slug="lakeshore-ms-ml").tuition_amount == Decimal("1250.00")
    messages = [str(m) for m in client.get(done["Location"]).context["messages"]]
    assert messages == [
        next(m for m in messages if m.startswith("programs.csv: Imported: 1 created, 1 updated"))
    ]
    log = LogEntry.objects.filter(user=user).order_by("action_flag")
    assert [(e.action_flag, e.change_message) for e in log] == [
        (ADDITION, "Imported from programs.csv."),
        (CHANGE, "Imported from programs.csv: tuition_amount."),
    ]


def test_invalid_rows_need_an_explicit_choice_before_anything_is_written(client, editor):
    client.force_login(editor)
    preview = upload(client, three_rows())
    page = preview.text
    assert "Import only the valid rows (skip the 1 row with problems)" in page
    assert "<code>admission_min_gpa</code> “5”: The minimum GPA must be between 0 and 4.0" in page

    refused = client.post(CONFIRM_URL, confirm_data(preview))

    assert refused.status_code == 200
    assert "Nothing was written: 1 row has problems." in refused.text
    assert Program.objects.count() == 0

    done = client.post(CONFIRM_URL, confirm_data(refused, skip_invalid="on"))

    assert done.status_code == 302
    assert Program.objects.count() == 2


def test_a_file_that_cannot_be_read_shows_why_and_offers_no_import(client, editor):
    client.force_login(editor)

    response = upload(client, csv_file(row(tution_amount="1")))

    assert response.status_code == 200
    assert "cannot be imported; nothing was written" in response.text
    assert "Did you mean tuition_amount?" in response.text
    assert 'id="confirm"' not in response.text


def test_only_csv_and_xlsx_files_are_accepted(client, editor):
    client.force_login(editor)

    response = upload(client, b"%PDF-1.7", "programs.pdf")

    assert response.status_code == 200
    assert "Upload a .csv or .xlsx file." in response.text


def test_the_confirmation_imports_the_previewed_file_and_nothing_else(client, editor, superuser):
    client.force_login(editor)
    preview = upload(client, csv_file(row()))
    data = confirm_data(preview)

    forged = client.post(CONFIRM_URL, data | {"token": data["token"][:-2] + "xx"}, follow=True)
    assert "The upload has expired or is not valid. Upload the file again." in forged.text
    client.force_login(superuser)
    other = client.post(CONFIRM_URL, data, follow=True)
    assert "The upload belongs to someone else." in other.text
    assert Program.objects.count() == 0
    # The file kept on the server was changed behind the preview's back.
    client.force_login(editor)
    payload = imports.signing.loads(data["token"], salt=imports.STASH_SALT)
    (imports._stash_dir() / payload["file"]).write_bytes(csv_file(row(program_slug="evil")))
    tampered = client.post(CONFIRM_URL, data, follow=True)
    assert "The upload has changed on the server since the preview." in tampered.text
    assert Program.objects.count() == 0


def test_a_preview_outdated_by_another_change_is_shown_again(client, editor, stored):
    client.force_login(editor)
    preview = upload(client, csv_file(full_row(tuition_amount="1250")))
    Program.objects.filter(slug="lakeshore-ms-ml").update(tuition_amount=Decimal("1250"))

    again = client.post(CONFIRM_URL, confirm_data(preview))

    assert again.status_code == 200
    assert "the programs changed since the preview" in again.text
    assert [r.status for r in again.context["listed"]] == ["unchanged"]


def test_the_preview_is_valid_html(client, editor, stored, tmp_path):
    client.force_login(editor)
    data = csv_file(
        full_row(tuition_amount="1250", summary="Line <one>\nline two"),
        full_row(program_slug="lakeshore-ms-ds", field="Data Science", admission_min_gpa="7"),
        full_row(program_slug="new-one", school_slug="new-school", school_name="New School"),
    )
    pages = {
        "upload": client.get(IMPORT_URL),
        "preview": upload(client, data),
        "refused": upload(client, csv_file(row(tution="1"))),
    }
    files = []
    for name, response in pages.items():
        assert response.status_code == 200
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)

    assert [m["message"] for m in errors_in(validate(files))] == []
    preview = pages["preview"].text
    assert "<caption>" in preview
    assert '<th scope="col">Result</th>' in preview
    assert '<label for="id_skip_invalid"' in preview


# --- The command -----------------------------------------------------------------------------


def command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_programs", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_the_command_prints_a_line_per_row_and_a_summary(tmp_path, stored):
    path = tmp_path / "programs.csv"
    path.write_bytes(csv_file(full_row(tuition_amount="1250"), full_row(program_slug="new")))

    output = command(str(path))

    assert output.splitlines() == [
        "row 2      updated   lakeshore / lakeshore-ms-ml  tuition_amount: “1100.00” -> “1250.00”",
        "row 3      created   lakeshore / new",
        "2 rows: 1 created, 1 updated, 0 unchanged, 0 invalid.",
        next(line for line in output.splitlines() if line.startswith("Imported: 1 created")),
    ]


def test_the_command_exits_non_zero_when_a_row_is_invalid_and_writes_nothing(tmp_path):
    path = tmp_path / "programs.csv"
    path.write_bytes(three_rows())

    with pytest.raises(CommandError) as error:
        command(str(path))

    assert error.value.returncode == 1
    assert str(error.value) == (
        "Nothing was written: 1 row has problems. (--skip-invalid imports the valid rows)"
    )
    assert Program.objects.count() == 0
    with pytest.raises(CommandError):
        command(str(path), "--dry-run")


def test_the_command_with_skip_invalid_imports_the_valid_rows(tmp_path):
    path = tmp_path / "programs.csv"
    path.write_bytes(three_rows())

    output = command(str(path), "--skip-invalid")

    assert (
        "row 3      invalid   lakeshore / second  admission_min_gpa “5”: The minimum GPA" in output
    )
    assert Program.objects.count() == 2


def test_the_command_dry_run_reports_and_writes_nothing(tmp_path):
    path = tmp_path / "programs.xlsx"
    path.write_bytes(xlsx_file(list(row()), list(row().values())))

    output = command(str(path), "--dry-run")

    assert "row 2      created   lakeshore / lakeshore-ms-ml  new school" in output
    assert output.splitlines()[-1] == "Dry run: nothing was written."
    assert Program.objects.count() == 0


def test_the_command_refuses_an_unreadable_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*missing.csv: No such file"):
        command(str(tmp_path / "missing.csv"))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file({"school_slug": "x"}))
    with pytest.raises(CommandError, match="Required columns are missing: school_name"):
        command(str(bad))
