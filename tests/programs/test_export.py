"""Exporting programs: the import's columns, formula cells neutralized, round trips that change
nothing, the admin's filtered export and actions, and the export_programs command."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from programs import imports
from programs.models import Program
from tests.browser.pages import load_demo_content
from tests.programs.factories import (
    AdmissionRuleFactory,
    CourseFactory,
    ProgramFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NAMES = [column.name for column in imports.COLUMNS]


def read_csv(data):
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_xlsx(data):
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def writes(queries):
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


@pytest.fixture
def tricky():
    """Programs with what a round trip could lose: formulas, quotes, line breaks, bars, unknowns."""
    school = SchoolFactory(
        slug="lakeshore",
        name="Lakeshore University",
        accreditor="@SUM(A1)",
        acceptance_rate=Decimal("62.50"),
        description="Line one.\r\nLine two, with “quotes” and a comma.",
        website="https://lakeshore.example.edu/",
    )
    formula = ProgramFactory(
        school=school,
        slug="formula",
        name='=HYPERLINK("http://evil.example","Click")',
        summary="+1 555 0100",
        start_terms="-Fall",
        specialization="'=already quoted",
        tuition_basis="per_credit",
        tuition_amount=Decimal("1100.50"),
        has_financial_aid=None,
        has_transfer_credit=False,
    )
    AdmissionRuleFactory(program=formula, min_gpa=Decimal("3.00"), gre_policy="optional")
    CourseFactory(program=formula, name="=cmd|' /C calc'!A0", description="Pipes | and\nbreaks \\")
    CourseFactory(program=formula, name="Data Ethics", kind="elective", order=0)
    ProgramFactory(school=school, slug="no-field", field=None, unpublished=True)
    unknown = ProgramFactory(school=SchoolFactory(slug="hillcrest"), slug="unknown-rules")
    AdmissionRuleFactory(program=unknown)  # every rule unknown
    return formula


def test_the_export_has_the_import_columns_in_order(tricky):
    data = imports.export(Program.objects.all())

    assert data.startswith(b"\xef\xbb\xbf")
    assert next(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == NAMES


def test_every_column_is_documented():
    text = (ROOT / "docs" / "data.md").read_text()

    missing = [name for name in NAMES if f"| `{name}` |" not in text]

    assert missing == []


def test_formula_cells_are_neutralized_in_csv(tricky):
    rows = {row["program_slug"]: row for row in read_csv(imports.export(Program.objects.all()))}

    row = rows["formula"]
    assert row["program_name"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["summary"] == "'+1 555 0100"
    assert row["start_terms"] == "'-Fall"
    assert row["school_accreditor"] == "'@SUM(A1)"
    assert row["specialization"] == "''=already quoted"
    assert row["courses"].startswith("'=cmd\\|' /C calc'!A0 | core | Pipes \\| and\\nbreaks \\\\")
    every_cell = [cell for r in rows.values() for cell in r.values()]
    assert not [cell for cell in every_cell if re.match(r"[=+\-@]", cell)]


def test_formula_cells_are_text_in_xlsx(tricky):
    rows = {
        row["program_slug"].value: row
        for row in read_xlsx(imports.export(Program.objects.all(), "xlsx"))
    }

    cell = rows["formula"]["program_name"]
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://evil.example","Click")'
    formulas = [c for row in rows.values() for c in row.values() if c.data_type == "f"]
    assert formulas == []
    # Numbers and dates stay numbers and dates for the spreadsheet.
    assert rows["formula"]["tuition_amount"].value == 1100.5
    assert rows["formula"]["credit_hours"].value == 30


@given(st.text())
def test_neutralizing_is_undone_exactly_by_the_import(text):
    cell = imports.neutralize(text)

    assert imports.unneutralize(cell) == text
    assert not re.match(r"[=+\-@]", cell)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imported_again_changes_nothing(tricky, file_format):
    data = imports.export(Program.objects.all(), file_format)
    before = list(Program.objects.order_by("pk").values())

    with CaptureQueriesContext(connection) as queries:
        report = imports.run(data, f"programs.{file_format}")

    assert report.problems == []
    assert [(r.number, r.status, r.changes, r.problems) for r in report.rows] == [
        (number, "unchanged", [], []) for number in range(2, 5)
    ]
    assert writes(queries.captured_queries) == []
    assert list(Program.objects.order_by("pk").values()) == before


def test_the_sample_file_is_the_demo_contents_export():
    load_demo_content()
    sample = (ROOT / "docs" / "samples" / "programs.csv").read_bytes()

    report = imports.run(sample, "programs.csv")

    assert report.counts == {
        "created": 0,
        "updated": 0,
        "unchanged": Program.objects.count(),
        "invalid": 0,
    }
    again = "DEBUG=True manage.py export_programs --output docs/samples/programs.csv (demo content)"
    assert sample == imports.export(Program.objects.all()), f"Export the sample again: {again}"


# --- The admin -------------------------------------------------------------------------------


@pytest.fixture
def two_degrees():
    ProgramFactory(slug="ms-one", degree="MS", name="MS in Machine Learning")
    ProgramFactory(slug="ma-one", degree="MA", name="MA in Data Science")
    ProgramFactory(slug="ma-two", degree="MA", name="MA in Statistics", unpublished=True)


def test_the_admin_export_follows_the_list_filters_and_search(client, editor, two_degrees):
    client.force_login(editor)
    changelist = client.get("/admin/programs/program/?degree__exact=MA")
    assert "/admin/programs/program/export/csv/?degree__exact=MA" in changelist.text

    filtered = client.get("/admin/programs/program/export/csv/?degree__exact=MA")
    searched = client.get("/admin/programs/program/export/xlsx/?degree__exact=MA&q=Statistics")

    assert filtered.status_code == 200
    assert filtered["Content-Type"] == "text/csv"
    assert filtered["Content-Disposition"].startswith('attachment; filename="programs-')
    assert [r["program_slug"] for r in read_csv(filtered.content)] == ["ma-one", "ma-two"]
    assert [r["program_slug"].value for r in read_xlsx(searched.content)] == ["ma-two"]


def test_a_bad_filter_goes_back_to_the_list_rather_than_failing(client, editor, two_degrees):
    client.force_login(editor)

    response = client.get("/admin/programs/program/export/csv/?no_such_field=1")

    assert response.status_code == 302
    assert response["Location"] == "/admin/programs/program/?e=1"


@pytest.mark.parametrize(
    ("action", "reader"), [("export_csv", read_csv), ("export_xlsx", read_xlsx)]
)
def test_the_export_actions_export_the_selected_programs(
    client, editor, two_degrees, action, reader
):
    client.force_login(editor)
    chosen = Program.objects.get(slug="ma-two")

    response = client.post(
        "/admin/programs/program/", {"action": action, "_selected_action": [chosen.pk]}
    )

    assert response.status_code == 200
    rows = reader(response.content)
    slugs = [
        r["program_slug"] if isinstance(r["program_slug"], str) else r["program_slug"].value
        for r in rows
    ]
    assert slugs == ["ma-two"]


@pytest.mark.parametrize(("role", "status"), [("writer", 200), ("reviewer", 200), ("staff", 403)])
def test_exporting_needs_permission_to_view_programs(client, request, two_degrees, role, status):
    client.force_login(request.getfixturevalue(role))

    assert client.get("/admin/programs/program/export/csv/").status_code == status


def test_anonymous_visitors_cannot_export(client, two_degrees):
    response = client.get("/admin/programs/program/export/csv/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# --- The command -----------------------------------------------------------------------------


def test_the_command_writes_csv_to_standard_output(tricky):
    out = io.StringIO()

    call_command("export_programs", stdout=out)

    text = out.getvalue()
    assert not text.startswith("\ufeff")
    assert [row["program_slug"] for row in read_csv(text.encode())] == [
        "unknown-rules",
        "formula",
        "no-field",
    ]


def test_the_command_writes_csv_and_xlsx_files(tricky, tmp_path):
    err = io.StringIO()
    call_command("export_programs", output=str(tmp_path / "p.csv"), stderr=err)
    call_command("export_programs", "--format", "xlsx", "-o", str(tmp_path / "p.xlsx"), stderr=err)

    assert (tmp_path / "p.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(read_xlsx((tmp_path / "p.xlsx").read_bytes())) == 3
    assert f"Wrote 3 programs to {tmp_path / 'p.xlsx'}." in err.getvalue()
    assert imports.run((tmp_path / "p.xlsx").read_bytes(), "p.xlsx").count("unchanged") == 3


def test_the_command_will_not_print_a_workbook(tricky):
    with pytest.raises(CommandError, match="XLSX is a binary file: give --output FILE.xlsx."):
        call_command("export_programs", "--format", "xlsx")
