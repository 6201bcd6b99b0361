"""Import and export of programs with their schools, admission rules and courses (CSV and XLSX).

One row per program: its school's columns, its own, its admission rules' and its courses in one
column. The natural key is the school slug plus the program slug. docs/data.md documents every
column; the pipeline is:

- `read(data, filename)`: the file's columns and rows as text, or `FileProblem` (not UTF-8, not a
  spreadsheet, unknown, repeated or missing columns);
- `plan(table)`: every cell parsed and checked, every row compared with the database: created,
  updated (which columns, old -> new), unchanged, or invalid (which column, value and reason);
- `run(data, filename, ...)`: both, then, unless a row is invalid (and the caller did not ask to
  skip such rows) or it is a dry run, every change written in one transaction with bulk queries,
  and the finder rows, the search index and the cached pages refreshed once, through
  `finder_rows.refresh()`. A row that changes nothing writes nothing.

The import is our own code on the rows tablib and openpyxl read, rather than
django-import-export's importer: docs/data.md says why. The export is its `Resource` (the
column declarations below) and its CSV and XLSX formats.
"""

import csv
import dataclasses
import difflib
import hashlib
import io
import re
import secrets
import tempfile
import time
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField
from django.utils import timezone
from import_export import fields as resource_fields
from import_export import resources, widgets
from import_export.formats import base_formats
from openpyxl import load_workbook

from core import history
from core.addresses import answered_by_another_page
from core.input_checks import (
    IN_THE_FUTURE,
    NOT_A_WEB_ADDRESS,
    latest_today,
    on_one_line,
    web_address,
)
from core.validators import without_control_characters

from . import finder_rows
from .models import MAX_TOTAL, AdmissionRule, Course, Program, School
from .models import Field as FieldOfStudy

CREATED, UPDATED, UNCHANGED, INVALID = "created", "updated", "unchanged", "invalid"
BOM = "\ufeff"
MAX_BYTES = 20 * 1024 * 1024
# Reading and comparing happen per chunk of keys, so no query carries more parameters than this.
CHUNK = 900
# Above this many programs the finder rows and search entries are rebuilt whole: one pass, and no
# query with tens of thousands of parameters.
REFRESH_BY_ID = 5000
# An import that adds this many programs or more updates the planner's statistics (_analyze).
ANALYZE_AFTER = 1000

# The permissions an import needs: it adds and changes schools, programs, rules and courses, and
# removes the courses a row no longer lists.
IMPORT_PERMISSIONS = [
    f"programs.{action}_{model}"
    for model in ("school", "program", "admissionrule", "course")
    for action in ("add", "change")
] + ["programs.delete_course"]


def may_import(user):
    return bool(user and user.is_active and user.has_perms(IMPORT_PERMISSIONS))


def check_permission(user):
    if not may_import(user):
        raise PermissionDenied(
            "Importing programs needs permission to add and change schools, programs, admission "
            "rules and courses (the Editors group has it)."
        )


# --- Cells -----------------------------------------------------------------------------------

# Spreadsheets run a cell that starts with one of these as a formula. The export writes a `'`
# before such a cell (and before a cell that already starts with quotes followed by one of them),
# and the import takes exactly one `'` off again, so an export re-imports unchanged.
_FORMULA = re.compile(r"'*[=+\-@]")
_QUOTED_FORMULA = re.compile(r"'+[=+\-@]")


def neutralize(text):
    """`text` as a cell no spreadsheet runs: `'` in front when it would start a formula."""
    return f"'{text}" if _FORMULA.match(text) else text


def unneutralize(text):
    """The value behind a neutralized cell (the inverse of neutralize())."""
    return text[1:] if _QUOTED_FORMULA.match(text) else text


def _same_text(a, b):
    """Equal once line endings are alike: a form saves CRLF, a spreadsheet LF."""
    return _newlines(a) == _newlines(b)


def _newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Invalid(ValueError):
    """A cell's value cannot be used; the message says why, to the person who wrote it."""


YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


class Column:
    """One column of the file: where its value lives, how a cell is read and written.

    `target` is the model the value belongs to (school, program, admission, courses) and `attr`
    its attribute. Required columns must be in the file; other columns may be left out, and
    then the values they hold stay as they are. An empty cell is unknown (empty, NULL), or the
    model's default when it has one (docs/data.md).
    """

    kind = "text"

    def __init__(self, name, target, attr, *, required=False):
        self.name = name
        self.target = target
        self.attr = attr
        self.required = required
        model = {"school": School, "program": Program, "admission": AdmissionRule}.get(target)
        self.field = model._meta.get_field(attr) if model else None

    @property
    def path(self):
        """The attribute path from a program, for the export."""
        return {"school": f"school__{self.attr}", "admission": f"admission__{self.attr}"}.get(
            self.target, self.attr
        )

    def default(self):
        """The value of an empty cell."""
        if self.field.null:
            return None
        if self.field.has_default():
            return self.field.get_default()
        if self.field.blank:
            return ""
        raise Invalid("A value is required.")

    def read(self, text, context):
        """The value of a cleaned cell (stripped, not neutralized); raises Invalid."""
        if text == "":
            return self.default()
        return self.parse(text, context)

    def parse(self, text, context):
        return text

    def render(self, value):
        """The cell text for a stored value (before neutralizing)."""
        return "" if value is None else str(value)

    def native(self, value):
        """The XLSX cell for a stored value: numbers and dates stay numbers and dates."""
        return self.render(value)

    def same(self, old, new):
        return old == new


class Text(Column):
    def parse(self, text, context):
        if isinstance(self.field, CharField):
            # A name or a short text is one line, as the admin's forms keep it (core/forms.py).
            text = on_one_line(text)
        limit = self.field.max_length
        if limit and len(text) > limit:
            raise Invalid(f"Longer than {limit} characters ({len(text)}).")
        return text

    def same(self, old, new):
        return _same_text(old or "", new or "")


class Slug(Text):
    kind = "slug"

    def parse(self, text, context):
        try:
            validate_slug(text)
        except ValidationError as error:
            raise Invalid(
                "Not a slug: use only letters, numbers, hyphens and underscores."
            ) from error
        return super().parse(text, context)


class Url(Text):
    kind = "url"

    def parse(self, text, context):
        try:
            web_address(text)  # as every admin form checks one (core/input_checks.py)
        except ValidationError as error:
            raise Invalid(NOT_A_WEB_ADDRESS) from error
        return super().parse(text, context)


class Choice(Column):
    kind = "choice"

    def __init__(self, *args, empty=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty = empty
        self.lookup = {}
        for value, label in self.field.choices:
            if value != "":
                self.lookup[str(value).lower()] = value
                self.lookup[str(label).lower()] = value

    @property
    def allowed(self):
        return [value for value, _label in self.field.choices if value != ""]

    def default(self):
        if self.empty is not None:
            return self.empty
        return super().default()

    def parse(self, text, context):
        try:
            return self.lookup[text.lower()]
        except KeyError:
            raise Invalid(f"Not one of: {', '.join(self.allowed)}.") from None

    def render(self, value):
        # The value an empty cell stands for is written as an empty cell.
        return "" if value is None or value == self.empty else str(value)


class State(Choice):
    kind = "state"

    def parse(self, text, context):
        try:
            return self.lookup[text.lower()]
        except KeyError:
            raise Invalid(
                "Not a US state: use its two-letter code (CA) or its name (California)."
            ) from None


class FieldOfStudyColumn(Column):
    """The program's field of study, by name, slug or synonym (Field.objects.resolve)."""

    kind = "field"

    def parse(self, text, context):
        found = context.field_of_study(text)
        if found is None:
            known = context.field_names()
            listed = f" Known fields: {', '.join(known)}." if len(known) <= 25 else ""
            raise Invalid(
                "Unknown field of study: use a field's name, slug or synonym, or add it in the "
                f"admin (Programs > Fields of study) first.{listed}"
            )
        return found

    def render(self, value):
        return "" if value is None else value.name

    def same(self, old, new):
        return getattr(old, "pk", None) == getattr(new, "pk", None)


class Integer(Column):
    kind = "integer"

    def __init__(self, *args, low=0, high=32767, message=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.low, self.high, self.message = low, high, message

    def parse(self, text, context):
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise Invalid("Not a whole number.") from None
        if not number.is_finite() or number != number.to_integral_value():
            raise Invalid("Not a whole number.")
        if number < 0 and self.low == 0:
            raise Invalid("Cannot be negative.")
        if not self.low <= number <= self.high:
            raise Invalid(self.message or f"Must be between {self.low} and {self.high}.")
        return int(number)

    def native(self, value):
        return value


class Number(Column):
    """A decimal number within the model's digits; `money` allows a leading $ and commas."""

    kind = "number"

    def __init__(self, *args, low=Decimal(0), high=None, message=None, money=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.places = self.field.decimal_places
        self.low = low
        self.high = high or Decimal(10 ** (self.field.max_digits - self.places)) - Decimal(
            1
        ).scaleb(-self.places)
        self.message = message
        self.money = money
        if money:
            self.kind = "money"

    def parse(self, text, context):
        cleaned = text.replace(",", "").removeprefix("$").strip() if self.money else text
        cleaned = cleaned.removesuffix("%").strip() if self.kind == "number" else cleaned
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise Invalid("Not a number.") from None
        if not number.is_finite():
            raise Invalid("Not a number.")
        if number < 0 and self.low == 0 and not self.message:
            raise Invalid("Cannot be negative.")
        if not self.low <= number <= self.high:
            raise Invalid(self.message or f"Must be between {self.low} and {self.high}.")
        step = Decimal(1).scaleb(-self.places)
        if number != number.quantize(step, rounding="ROUND_DOWN"):
            raise Invalid(f"At most {self.places} decimal places.")
        return number.quantize(step)  # 42000 reads as the 42000.00 the database keeps

    def native(self, value):
        return value


class Day(Column):
    kind = "date"
    US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")

    def __init__(self, *args, checked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked = checked  # the day something was checked: not in the future

    def parse(self, text, context):
        day = self._day(text)
        if self.checked and day > latest_today():
            raise Invalid(IN_THE_FUTURE)
        return day

    def _day(self, text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        us = self.US.fullmatch(text)  # how a US spreadsheet saves a date it has reformatted
        if us:
            month, day, year = map(int, us.groups())
            try:
                return date(year, month, day)
            except ValueError:
                pass
        raise Invalid("Not a date: write YYYY-MM-DD, e.g. 2027-03-01.")

    def render(self, value):
        return "" if value is None else value.isoformat()

    def native(self, value):
        return value


class YesNo(Column):
    kind = "yes/no"

    def parse(self, text, context):
        word = text.lower()
        if word in YES:
            return True
        if word in NO:
            return False
        empty = "unknown" if self.field.null else "no"
        raise Invalid(f"Not yes or no (an empty cell means {empty}).")

    def render(self, value):
        return "" if value is None else ("yes" if value else "no")


@dataclasses.dataclass(frozen=True)
class CourseLine:
    name: str
    kind: str
    description: str

    def same(self, other):
        return (self.name, self.kind) == (other.name, other.kind) and _same_text(
            self.description, other.description
        )


class Courses(Column):
    """Every course of the program, one a line: `name | kind | description`.

    The kind (core or elective) and the description may be left out (core, no description). In
    a name or description, `\\|` is a bar, `\\n` a line break and `\\\\` a backslash.
    """

    kind = "courses"
    KINDS = {value.lower(): value for value in Course.Kind.values} | {
        label.lower(): value for value, label in Course.Kind.choices
    }
    NAME_LENGTH = Course._meta.get_field("name").max_length

    def default(self):
        return []

    def parse(self, text, context):
        courses = []
        for number, line in enumerate(_newlines(text).split("\n"), 1):
            if not line.strip():
                continue
            parts = [_unescape(part).strip() for part in _split_bars(line)]
            if len(parts) > 3:
                raise Invalid(
                    f"Course line {number}: more than three parts; write a bar inside a name or "
                    "description as \\|."
                )
            name, kind, description = [*parts, "", ""][:3]
            if not name:
                raise Invalid(f"Course line {number}: the course has no name.")
            if len(name) > self.NAME_LENGTH:
                raise Invalid(f"Course line {number}: the name is longer than 200 characters.")
            if kind and kind.lower() not in self.KINDS:
                raise Invalid(f"Course line {number}: “{kind}” is not core or elective.")
            courses.append(CourseLine(name, self.KINDS[(kind or "core").lower()], description))
        return courses

    def render(self, value):
        courses = value if isinstance(value, list) else list(value.all())
        lines = []
        for course in courses:
            parts = [_escape(course.name), course.kind]
            if course.description:
                parts.append(_escape(course.description))
            lines.append(" | ".join(parts))
        return "\n".join(lines)

    def same(self, old, new):
        return len(old) == len(new) and all(a.same(b) for a, b in zip(old, new, strict=True))


def _escape(text):
    return _newlines(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")


def _split_bars(line):
    """The parts of a course line between bars that are not escaped (escapes kept)."""
    parts, current, chars = [], [], iter(line)
    for char in chars:
        if char == "\\":
            current.append(char + next(chars, ""))
        elif char == "|":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _unescape(text):
    return re.sub(r"\\(.)", lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), text)


GPA = "The minimum GPA must be between 0 and 4.0 (a 4.0 scale)."
GRE = "A GRE total must be between 260 and 340."

COLUMNS = [
    Slug("school_slug", "school", "slug", required=True),
    Text("school_name", "school", "name", required=True),
    Text("school_city", "school", "city", required=True),
    State("school_state", "school", "state", required=True),
    Url("school_website", "school", "website"),
    Text("school_accreditor", "school", "accreditor"),
    Number("school_acceptance_rate", "school", "acceptance_rate", high=Decimal(100),
           message="The acceptance rate is a percentage between 0 and 100."),
    YesNo("school_is_partner", "school", "is_partner"),
    Text("school_description", "school", "description"),
    Slug("program_slug", "program", "slug", required=True),
    Text("program_name", "program", "name", required=True),
    Choice("degree", "program", "degree", required=True),
    FieldOfStudyColumn("field", "program", "field", required=True),
    Text("specialization", "program", "specialization"),
    Choice("format", "program", "format", required=True),
    Choice("pacing", "program", "pacing", required=True),
    Text("summary", "program", "summary"),
    Url("program_url", "program", "url"),
    Integer("credit_hours", "program", "credit_hours"),
    Integer("duration_min_months", "program", "duration_min_months"),
    Integer("duration_max_months", "program", "duration_max_months"),
    Choice("tuition_basis", "program", "tuition_basis"),
    Number("tuition_amount", "program", "tuition_amount", money=True),
    Url("tuition_source_url", "program", "tuition_source_url"),
    Day("tuition_checked_on", "program", "tuition_checked_on", checked=True),
    Number("application_fee", "program", "application_fee", money=True),
    Choice("culminating", "program", "culminating"),
    Text("start_terms", "program", "start_terms"),
    YesNo("has_transfer_credit", "program", "has_transfer_credit"),
    YesNo("has_financial_aid", "program", "has_financial_aid"),
    Text("programmatic_accreditation", "program", "programmatic_accreditation"),
    YesNo("is_published", "program", "is_published"),
    Number("admission_min_gpa", "admission", "min_gpa", high=Decimal(4), message=GPA),
    Choice("admission_gre_policy", "admission", "gre_policy", empty="unknown"),
    Integer("admission_gre_min_total", "admission", "gre_min_total", low=260, high=340,
            message=GRE),
    Choice("admission_bachelors", "admission", "bachelors", empty="unknown"),
    YesNo("admission_requires_programming", "admission", "requires_programming"),
    YesNo("admission_requires_math", "admission", "requires_math"),
    YesNo("admission_needs_transcripts", "admission", "needs_transcripts"),
    Integer("admission_letters_of_recommendation", "admission", "letters_of_recommendation",
            high=10),
    YesNo("admission_needs_statement", "admission", "needs_statement"),
    YesNo("admission_needs_resume", "admission", "needs_resume"),
    Day("admission_deadline", "admission", "deadline"),
    Text("admission_deadline_note", "admission", "deadline_note"),
    Url("admission_source_url", "admission", "source_url"),
    Day("admission_checked_on", "admission", "checked_on", checked=True),
    Courses("courses", "courses", "courses"),
]  # fmt: skip
BY_NAME = {column.name: column for column in COLUMNS}
REQUIRED = [column.name for column in COLUMNS if column.required]
ADMISSION_COLUMNS = [column for column in COLUMNS if column.target == "admission"]
# The admission rules a program without a row of them has: every rule unknown.
NO_RULES = {column.attr: column.default() for column in ADMISSION_COLUMNS}


# --- Reading a file --------------------------------------------------------------------------


class FileProblem(Exception):
    """The file as a whole cannot be read: nothing in it is imported."""

    def __init__(self, *problems):
        super().__init__(" ".join(problems))
        self.problems = list(problems)


@dataclasses.dataclass
class Table:
    """A file's known columns (in file order) and its rows as cleaned text, one per column."""

    filename: str
    columns: list
    rows: list  # (row number as a spreadsheet shows it, [text per column], extra cells)


def read(data, filename):
    """The table in a CSV (UTF-8, with or without a BOM) or XLSX file; raises FileProblem."""
    if len(data) > MAX_BYTES:
        raise FileProblem(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    suffix = Path(filename or "").suffix.lower()
    if data[:4] == b"PK\x03\x04" or suffix == ".xlsx":
        records = _xlsx_records(data)
    elif suffix in (".xls", ".ods", ".numbers"):
        raise FileProblem("Save the file as CSV UTF-8 (.csv) or Excel workbook (.xlsx) first.")
    else:
        records = _csv_records(data)
    try:
        number, header = next(records)
    except StopIteration:
        raise FileProblem("The file is empty: the first row must name the columns.") from None
    names = [_header_name(cell) for cell in header]
    if not any(names):
        raise FileProblem(f"Row {number} must name the columns (e.g. {', '.join(REQUIRED[:3])}).")
    problems = _header_problems(names)
    if problems:
        raise FileProblem(*problems)
    positions = [(index, BY_NAME[name]) for index, name in enumerate(names) if name]
    unnamed = [index for index, name in enumerate(names) if not name]
    rows = []
    for number, cells in records:
        if not any(cells):
            continue  # a blank line, or a spreadsheet's empty rows at the end
        values = [cells[index] if index < len(cells) else "" for index, _column in positions]
        extra = [cells[index] for index in unnamed if index < len(cells) and cells[index]]
        extra += [cell for cell in cells[len(names) :] if cell]
        rows.append((number, values, extra))
    return Table(filename, [column for _index, column in positions], rows)


def _header_name(cell):
    return cell.strip().lower().replace(" ", "_").replace("-", "_")


def _header_problems(names):
    problems, seen = [], set()
    for index, name in enumerate(names, 1):
        if not name:
            continue
        if name not in BY_NAME:
            near = difflib.get_close_matches(name, BY_NAME, n=1)
            hint = f" Did you mean {near[0]}?" if near else " docs/data.md lists the columns."
            problems.append(f"Column {index} “{name}” is not a column this import knows.{hint}")
        elif name in seen:
            problems.append(f"Column {index} “{name}” appears twice.")
        seen.add(name)
    missing = [name for name in REQUIRED if name not in seen]
    if missing:
        problems.append(f"Required columns are missing: {', '.join(missing)}.")
    return problems


def _clean(text):
    return unneutralize(without_control_characters(text).strip())


def _csv_records(data):
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise FileProblem(
            "The file is UTF-16 text: save it as CSV UTF-8 (comma delimited) and upload it again."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex().upper()
        raise FileProblem(
            f"The file is not UTF-8 text: line {line} holds a byte (0x{byte}) that UTF-8 does not "
            "allow. Save it as CSV UTF-8 (in Excel: Save As, CSV UTF-8) and upload it again."
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)  # Excel in some locales saves `;`
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 0
    try:
        for cells in reader:
            number += 1
            yield number, [_clean(cell) for cell in cells]
    except csv.Error as error:
        raise FileProblem(f"Row {number + 1} cannot be read as CSV: {error}.") from None


def _xlsx_records(data):
    unreadable = FileProblem(
        "The file is not an Excel workbook (.xlsx) that can be read. Save it again as .xlsx or as "
        "CSV UTF-8."
    )
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged or foreign file fails in many ways, all of them this one
        raise unreadable from None
    try:
        sheet = book.worksheets[0]
        # Some programs write a wrong "used range" into the file; read every cell there is.
        sheet.reset_dimensions()
        rows = enumerate(sheet.iter_rows(values_only=True), 1)
        while True:
            try:
                number, values = next(rows)
            except StopIteration:
                return
            except Exception:  # the sheet's XML is damaged past the first rows
                raise unreadable from None
            yield number, [_clean(_xlsx_text(value)) for value in values]
    finally:
        book.close()


def _xlsx_text(value):
    match value:
        case None:
            return ""
        case bool():
            return "yes" if value else "no"
        case datetime():
            return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
        case date():
            return value.isoformat()
        case float():
            return str(int(value)) if value.is_integer() else repr(value)
        case _:
            return str(value)


# --- Planning --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Problem:
    column: str  # empty: the row as a whole
    value: str
    reason: str


@dataclasses.dataclass(frozen=True)
class Change:
    column: str
    old: str
    new: str


@dataclasses.dataclass
class Row:
    """What one row of the file does; `status` is created, updated, unchanged or invalid."""

    number: int
    school: str
    program: str
    status: str = ""
    new_school: bool = False
    changes: list = dataclasses.field(default_factory=list)
    problems: list = dataclasses.field(default_factory=list)
    # What the write needs: the values read per target, the stored rows, what changed.
    values: dict = dataclasses.field(default_factory=dict, repr=False)
    stored: dict = dataclasses.field(default_factory=dict, repr=False)
    changed: dict = dataclasses.field(default_factory=dict, repr=False)

    @property
    def key(self):
        return f"{self.school} / {self.program}"


class Context:
    """Look-ups shared by every row of one import (fields of study, resolved once per text)."""

    def __init__(self):
        self._fields = {}
        self._names = None

    def field_of_study(self, text):
        key = text.casefold()
        if key not in self._fields:
            self._fields[key] = FieldOfStudy.objects.resolve(text)
        return self._fields[key]

    def field_names(self):
        if self._names is None:
            self._names = list(FieldOfStudy.objects.order_by("name").values_list("name", flat=True))
        return self._names


def plan(table):
    """Every row of the table checked and compared with the database; nothing is written."""
    context = Context()
    rows = [_read_row(table, number, cells, extra, context) for number, cells, extra in table.rows]
    stored = _Stored(rows)
    first_of_school, first_of_program = {}, {}
    for row in rows:
        _check_keys(row, first_of_school, first_of_program, stored)
        _compare(row, stored)
    _settle(rows)
    return rows


def _read_row(table, number, cells, extra, context):
    values = {"school": {}, "program": {}, "admission": {}, "courses": {}}
    problems = []
    for column, text in zip(table.columns, cells, strict=True):
        try:
            values[column.target][column.attr] = column.read(text, context)
        except Invalid as error:
            problems.append(Problem(column.name, text, str(error)))
    if extra:
        problems.append(
            Problem("", " ".join(extra[:3]), "This row has values in columns without a name.")
        )
    by_name = dict(zip((c.name for c in table.columns), cells, strict=True))
    row = Row(number, by_name["school_slug"], by_name["program_slug"], problems=problems)
    row.values = values
    return row


class _Stored:
    """The schools, programs, rules and courses the file's keys name, read in a few queries."""

    def __init__(self, rows):
        school_slugs = sorted({row.school for row in rows if row.school})
        program_slugs = sorted({row.program for row in rows if row.program})
        self.schools = {}
        for chunk in chunks(school_slugs):
            self.schools.update((s.slug, s) for s in School.objects.filter(slug__in=chunk))
        self.programs = {}
        for chunk in chunks(program_slugs):
            programs = Program.objects.filter(slug__in=chunk).select_related(
                "school", "admission", "field"
            )
            self.programs.update((p.slug, p) for p in programs)
        self.courses = {program.pk: [] for program in self.programs.values()}
        for chunk in chunks(list(self.courses)):
            for course in Course.objects.filter(program_id__in=chunk).order_by(
                "program_id", "order", "id"
            ):
                self.courses[course.program_id].append(course)


def chunks(items):
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _check_keys(row, first_of_school, first_of_program, stored):
    if not row.school or not row.program:
        return  # reported as a required value
    earlier = first_of_program.setdefault(row.program, row)
    if earlier is not row:
        row.problems.append(
            Problem("program_slug", row.program, f"The same program is on row {earlier.number}.")
        )
    program = stored.programs.get(row.program)
    # As Program.clean(): at /programs/compare/ another page answers, so a new program there
    # could never be reached.
    if program is None and (taken := answered_by_another_page("programs:detail", row.program)):
        reason = f"{taken} is already a page of the site; choose another slug."
        row.problems.append(Problem("program_slug", row.program, reason))
    if program is not None and program.school.slug != row.school:
        row.problems.append(
            Problem(
                "program_slug",
                row.program,
                f"This slug belongs to a program of another school ({program.school.slug}); "
                "an import does not move programs between schools.",
            )
        )
    first = first_of_school.setdefault(row.school, row)
    if first is not row:
        for attr, value in row.values["school"].items():
            column = _column_name("school", attr)
            earlier = first.values["school"].get(attr, value)
            if not BY_NAME[column].same(earlier, value):
                shown = BY_NAME[column].render(earlier)
                row.problems.append(
                    Problem(
                        column,
                        BY_NAME[column].render(value),
                        f"Differs from row {first.number} for the same school (“{shown}”).",
                    )
                )


def _compare(row, stored):
    """Fill in what the row changes (per target) and check the values that depend on others."""
    school = stored.schools.get(row.school)
    program = stored.programs.get(row.program)
    if program is not None and program.school.slug != row.school:
        return
    admission = getattr(program, "admission", None) if program else None
    row.stored = {
        "school": school,
        "program": program,
        "admission": admission,
        "courses": stored.courses.get(program.pk) if program else None,
    }
    final = {}
    for target, obj in (("school", school), ("program", program), ("admission", admission)):
        before = _current(target, obj)
        final[target] = {**before, **row.values[target]}
        if obj is not None or target == "admission" and program is not None:
            row.changed[target] = [
                (BY_NAME[_column_name(target, attr)], before[attr], value)
                for attr, value in row.values[target].items()
                if not BY_NAME[_column_name(target, attr)].same(before[attr], value)
            ]
    courses = row.values["courses"].get("courses")
    if courses is not None and program is not None:
        before = [CourseLine(c.name, c.kind, c.description) for c in row.stored["courses"]]
        if not BY_NAME["courses"].same(before, courses):
            row.changed["courses"] = [(BY_NAME["courses"], before, courses)]
    row.values["final"] = final
    unreadable = {problem.column for problem in row.problems}
    _check_program(row, final["program"], unreadable)
    _check_rules(row, final["admission"], unreadable)


def _column_name(target, attr):
    return _COLUMN_OF[(target, attr)]


_COLUMN_OF = {(column.target, column.attr): column.name for column in COLUMNS}


def _current(target, obj):
    """The stored values of a target's columns; for a new row, what an empty cell gives."""
    if obj is None:
        return dict(_EMPTY[target])
    return {column.attr: getattr(obj, column.attr) for column in _TARGET_COLUMNS[target]}


def _empty_value(column):
    try:
        return column.default()
    except Invalid:
        return None  # required: a new row without it is invalid anyway


_TARGET_COLUMNS = {
    target: [column for column in COLUMNS if column.target == target]
    for target in ("school", "program", "admission")
}
_EMPTY = {
    target: {column.attr: _empty_value(column) for column in columns}
    for target, columns in _TARGET_COLUMNS.items()
}


def _check_program(row, values, unreadable):
    """The checks the database makes on a program (its constraints), in words for the row.

    A check is left out when one of its columns could not be read: its cell is reported already.
    """
    low, high = values["duration_min_months"], values["duration_max_months"]
    durations = {"duration_min_months", "duration_max_months"}
    if low is not None and high is not None and low > high and not durations & unreadable:
        row.problems.append(
            Problem(
                "duration_min_months",
                str(low),
                f"The shortest duration ({low} months) is above the longest ({high} months).",
            )
        )
    amount, credits = values["tuition_amount"], values["credit_hours"]
    if {"tuition_basis", "tuition_amount", "credit_hours"} & unreadable:
        return
    if values["tuition_basis"] == Program.TuitionBasis.PER_CREDIT and amount is not None:
        if credits == 0:
            row.problems.append(
                Problem(
                    "credit_hours",
                    "0",
                    "Per-credit tuition needs the number of credit hours; 0 would make the total "
                    "$0. Leave it empty if the program does not publish it.",
                )
            )
        elif credits is None:
            row.problems.append(
                Problem(
                    "tuition_basis",
                    "per_credit",
                    "Per-credit tuition needs the program's credit hours (credit_hours is empty).",
                )
            )
        elif amount * credits > MAX_TOTAL:
            row.problems.append(
                Problem(
                    "tuition_amount",
                    str(amount),
                    f"Per-credit tuition times {credits} credit hours is over $99,999,999.99: "
                    "check the amount and the basis.",
                )
            )


def _check_rules(row, values, unreadable):
    if {"admission_gre_min_total", "admission_gre_policy"} & unreadable:
        return
    if values["gre_min_total"] is not None and values["gre_policy"] not in (
        AdmissionRule.GrePolicy.REQUIRED,
        AdmissionRule.GrePolicy.OPTIONAL,
    ):
        row.problems.append(
            Problem(
                "admission_gre_min_total",
                str(values["gre_min_total"]),
                "A GRE minimum needs admission_gre_policy to be required or optional.",
            )
        )


def _settle(rows):
    """Each row's status and the changes it shows, now that every row has been checked.

    A school's values are written from its first valid row, so that row shows the school's
    changes; a row with problems changes nothing.
    """
    owner = {}
    for row in rows:
        if row.problems:
            row.status = INVALID
            row.changes = []
            continue
        program = row.stored["program"]
        owns_school = owner.setdefault(row.school, row) is row
        row.new_school = owns_school and row.stored["school"] is None
        shown = []
        if owns_school:
            shown += row.changed.get("school", [])
        else:
            row.changed.pop("school", None)
        if program is None:
            row.status = CREATED
        else:
            for target in ("program", "admission", "courses"):
                shown += row.changed.get(target, [])
            row.status = UPDATED if shown else UNCHANGED
        row.changes = [
            Change(col.name, _shown(col, old), _shown(col, new)) for col, old, new in shown
        ]


def _shown(column, value):
    return column.render(value)


# --- Running ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Report:
    """What an import found and did: file problems, or a result per row."""

    filename: str
    rows: list = dataclasses.field(default_factory=list)
    problems: list = dataclasses.field(default_factory=list)
    dry_run: bool = False
    skip_invalid: bool = False
    written: bool = False
    # The rows differ from the preview the import was confirmed on: nothing was written.
    stale: bool = False
    seconds: float = 0.0
    created_ids: list = dataclasses.field(default_factory=list)
    updated_ids: list = dataclasses.field(default_factory=list)

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self):
        return {status: self.count(status) for status in (CREATED, UPDATED, UNCHANGED, INVALID)}

    @property
    def invalid(self):
        return bool(self.problems) or self.count(INVALID) > 0

    @property
    def has_changes(self):
        return self.count(CREATED) + self.count(UPDATED) > 0

    @property
    def blocked(self):
        """Nothing can be written: a file problem, or invalid rows without skip_invalid."""
        return bool(self.problems) or (self.count(INVALID) > 0 and not self.skip_invalid)

    @property
    def digest(self):
        """A fingerprint of what the rows would do, to tell a preview still holds."""
        text = repr(
            (self.problems, [(r.number, r.status, r.changes, r.problems) for r in self.rows])
        )
        return hashlib.sha256(text.encode()).hexdigest()

    def summary(self):
        if self.problems:
            return "The file cannot be imported: " + " ".join(self.problems)
        counts = self.counts
        parts = [f"{counts[s]} {s}" for s in (CREATED, UPDATED, UNCHANGED, INVALID)]
        rows = len(self.rows)
        return f"{rows} row{'s' if rows != 1 else ''}: {', '.join(parts)}."

    def outcome(self):
        """One sentence: what was written, or why nothing was."""
        invalid = self.count(INVALID)
        if self.problems:
            return "Nothing was written."
        if self.stale:
            return (
                "Nothing was written: the programs changed since the preview. Check the new "
                "preview and confirm again."
            )
        if invalid and not self.skip_invalid:
            rows = f"{invalid} row{' has' if invalid == 1 else 's have'} problems"
            return f"Nothing was written: {rows}."
        skipped = (
            f" ({invalid} invalid row{'s' if invalid != 1 else ''} skipped)" if invalid else ""
        )
        if self.dry_run:
            return f"Dry run: nothing was written{skipped}."
        if not self.written:
            return f"Nothing to write: no valid row changes anything{skipped}."
        return (
            f"Imported{skipped}: {self.count(CREATED)} created, {self.count(UPDATED)} updated "
            f"in {self.seconds:.1f} s."
        )


def run(data, filename, *, dry_run=False, skip_invalid=False, user=None, expect=None):
    """Read, check and (unless a dry run or blocked by invalid rows) write one file.

    `user`: who imports (checked with check_permission); None for the command line. `expect`:
    the digest of the preview the user confirmed; when the rows now differ, nothing is written
    and the report says so (`stale`).
    """
    if user is not None:
        check_permission(user)
    started = time.perf_counter()
    report = Report(filename, dry_run=dry_run, skip_invalid=skip_invalid)
    try:
        table = read(data, filename)
    except FileProblem as problem:
        report.problems = problem.problems
        return report
    if dry_run:
        report.rows = plan(table)
        report.seconds = time.perf_counter() - started
        return report
    try:
        with transaction.atomic():
            report.rows = plan(table)
            if expect is not None and report.digest != expect:
                report.stale = True
            elif not report.blocked and report.has_changes:
                _write(report, user)
                report.written = True
    except IntegrityError:
        # Another import or an editor created one of these schools or programs meanwhile.
        report.written = False
        report.problems = [
            "Someone else changed these programs while the file was being imported, and "
            "nothing was written. Import the file again."
        ]
    report.seconds = time.perf_counter() - started
    return report


def _write(report, user):
    """Write every valid row's changes with bulk queries, then refresh derived data once.

    Each object written is recorded in its history (core.history) as imported from the file,
    by `user`; the courses a row no longer lists are deleted one by one, which records them.
    """
    now = timezone.now()
    rows = [row for row in report.rows if row.status in (CREATED, UPDATED)]
    with history.recorded_as(f"Imported from {report.filename}", user):
        schools = _write_schools(rows, now)
        programs = _write_programs(rows, schools, now)
        _write_rules(rows, programs)
        _write_courses(rows, programs)
    report.created_ids = [programs[row.program].pk for row in rows if row.status == CREATED]
    report.updated_ids = [programs[row.program].pk for row in rows if row.status == UPDATED]
    ids = set(report.created_ids) | set(report.updated_ids)
    changed_schools = [schools[row.school].pk for row in rows if row.changed.get("school")]
    if changed_schools:
        # Their other programs show the school too (the finder copies its state, for one).
        ids |= set(Program.objects.filter(school__in=changed_schools).values_list("pk", flat=True))
    if len(report.created_ids) >= ANALYZE_AFTER:
        _analyze()
    # bulk_create() and bulk_update() send no signals: the finder rows, the search index (through
    # finder_rows.refreshed) and the cached pages follow here, once (docs/architecture.md).
    finder_rows.refresh(sorted(ids) if len(ids) <= REFRESH_BY_ID else None)


def _analyze():
    """Fresh planner statistics for the tables an import filled.

    Without them the database guesses: SQLite, never told, looks up a school's published
    programs through the (is_published, field) index and reads every published program for each
    school, which makes the refresh that follows take seconds instead of milliseconds.
    """
    tables = [model._meta.db_table for model in (School, Program, AdmissionRule, Course)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _bulk_create(model, objs):
    model.objects.bulk_create(objs, batch_size=500)
    if objs and history.is_tracked(model):
        history.record_bulk(model, objs, created=True)


def _bulk_update(model, changed, now):
    """bulk_update() per set of changed fields, stamping updated_at (auto_now needs save())."""
    groups = {}
    for obj, attrs in changed:
        if hasattr(obj, "updated_at"):
            obj.updated_at = now
            attrs = {*attrs, "updated_at"}
        groups.setdefault(frozenset(attrs), []).append(obj)
    for attrs, objs in groups.items():
        model.objects.bulk_update(objs, sorted(attrs), batch_size=500)
    if changed and history.is_tracked(model):
        history.record_bulk(model, [obj for obj, _attrs in changed])


def _write_schools(rows, now):
    schools, new, changed = {}, [], []
    for row in rows:
        if row.school in schools:
            continue
        school = row.stored["school"]
        if school is None:
            school = School(slug=row.school, **_without(row.values["final"]["school"], "slug"))
            new.append(school)
        elif row.changed.get("school"):
            for column, _old, value in row.changed["school"]:
                setattr(school, column.attr, value)
            changed.append((school, {column.attr for column, *_ in row.changed["school"]}))
        schools[row.school] = school
    _bulk_create(School, new)
    _bulk_update(School, changed, now)
    return schools


def _without(values, *names):
    return {name: value for name, value in values.items() if name not in names}


def _write_programs(rows, schools, now):
    programs, new, changed = {}, [], []
    for row in rows:
        program = row.stored["program"]
        if program is None:
            values = _without(row.values["final"]["program"], "slug")
            program = Program(school=schools[row.school], slug=row.program, **values)
            if program.is_published:
                program.first_published_at = now
            new.append(program)
        elif row.changed.get("program"):
            attrs = set()
            for column, _old, value in row.changed["program"]:
                setattr(program, column.attr, value)
                attrs.add(column.attr)
            if program.is_published and program.first_published_at is None:
                program.first_published_at = now
                attrs.add("first_published_at")
            changed.append((program, attrs))
        programs[row.program] = program
    _bulk_create(Program, new)
    _bulk_update(Program, changed, now)
    return programs


def _write_rules(rows, programs):
    new, changed = [], []
    for row in rows:
        values = row.values["final"]["admission"]
        rules = row.stored["admission"]
        if rules is None:
            if values != NO_RULES:  # an empty set of rules is the same as none
                new.append(AdmissionRule(program=programs[row.program], **values))
        elif row.changed.get("admission"):
            for column, _old, value in row.changed["admission"]:
                setattr(rules, column.attr, value)
            changed.append((rules, {column.attr for column, *_ in row.changed["admission"]}))
    _bulk_create(AdmissionRule, new)
    _bulk_update(AdmissionRule, changed, None)


def _write_courses(rows, programs):
    """Each changed list rewritten in place: courses kept by position, added, or removed."""
    new, changed, gone = [], [], []
    for row in rows:
        courses = row.values["courses"].get("courses")
        if courses is None or (
            row.stored["program"] is not None and not row.changed.get("courses")
        ):
            continue
        stored = row.stored["courses"] or []
        for order, line in enumerate(courses, 1):
            if order <= len(stored):
                course = stored[order - 1]
                wanted = (line.name, line.kind, line.description, order)
                if (course.name, course.kind, course.description, course.order) != wanted:
                    course.name, course.kind, course.description, course.order = wanted
                    changed.append((course, {"name", "kind", "description", "order"}))
            else:
                program = programs[row.program]
                new.append(Course(program=program, order=order, **dataclasses.asdict(line)))
        gone += [course.pk for course in stored[len(courses) :]]
    _bulk_create(Course, new)
    _bulk_update(Course, changed, None)
    if gone:
        Course.objects.filter(pk__in=gone).delete()


# --- Export ----------------------------------------------------------------------------------


class CellWidget(widgets.Widget):
    """Writes one column's value as the import reads it back, neutralized for spreadsheets."""

    def __init__(self, column):
        super().__init__()
        self.column = column

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            cell = self.column.native(value)
            if not isinstance(cell, str):
                return cell
        else:
            cell = self.column.render(value)
        return neutralize(cell)


class _Resource(resources.Resource):
    class Meta:
        chunk_size = 2000

    def export_field(self, field, instance, **kwargs):
        # No column has a dehydrate method: skip looking for one, per cell (470,000 cells for
        # 10,000 programs), which costs the library a pass over every field each time.
        return field.export(instance, **kwargs)


ProgramResource = type(
    "ProgramResource",
    (_Resource,),
    {
        "__module__": __name__,
        "__doc__": "The export's columns, in the order the import documents them.",
        **{
            column.name: resource_fields.Field(
                attribute=column.path, column_name=column.name, widget=CellWidget(column)
            )
            for column in COLUMNS
        },
    },
)

FORMATS = {"csv": base_formats.CSV, "xlsx": base_formats.XLSX}


def export(queryset, file_format="csv", *, bom=True):
    """The programs of `queryset` as a file in the import's columns (bytes).

    CSV starts with a byte order mark unless `bom` is false, so spreadsheets read it as UTF-8.
    """
    programs = (
        queryset.select_related("school", "admission", "field")
        .prefetch_related("courses")
        .order_by("school__slug", "slug")
    )
    native = file_format == "xlsx"
    dataset = ProgramResource().export(programs, force_native_type=native)
    content = FORMATS[file_format]().export_data(dataset)
    if file_format == "csv":
        return ((BOM if bom else "") + content).encode("utf-8")
    return content


def content_type(file_format):
    return FORMATS[file_format]().get_content_type()


# --- Holding an upload between the preview and the confirmation ------------------------------

STASH_SECONDS = 3600
STASH_SALT = "programs.imports.stash"


class UploadExpired(Exception):
    """The preview's upload is gone, too old, someone else's or changed: upload it again."""


def _stash_dir():
    base = settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir()
    path = Path(base) / "guidesite-imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def stash(data, filename, user):
    """Keep an uploaded file on the server; return a signed token naming it for this user."""
    folder = _stash_dir()
    for old in folder.iterdir():  # uploads previewed and never confirmed
        if old.stat().st_mtime < time.time() - 2 * STASH_SECONDS:
            old.unlink(missing_ok=True)
    name = secrets.token_hex(16)
    (folder / name).write_bytes(data)
    payload = {
        "file": name,
        "name": filename,
        "user": user.pk,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    return signing.dumps(payload, salt=STASH_SALT)


def unstash(token, user):
    """The file and its name behind a token from stash(); raises UploadExpired."""
    try:
        payload = signing.loads(token, salt=STASH_SALT, max_age=STASH_SECONDS)
    except signing.BadSignature:
        raise UploadExpired("The upload has expired or is not valid.") from None
    if payload.get("user") != user.pk or not re.fullmatch(r"[0-9a-f]{32}", payload["file"]):
        raise UploadExpired("The upload belongs to someone else.")
    try:
        data = (_stash_dir() / payload["file"]).read_bytes()
    except FileNotFoundError:
        raise UploadExpired("The upload is no longer on the server.") from None
    if hashlib.sha256(data).hexdigest() != payload["sha256"]:
        raise UploadExpired("The upload has changed on the server since the preview.")
    return data, payload["name"]


def discard(token):
    """Delete a stashed upload (after it was imported)."""
    try:
        payload = signing.loads(token, salt=STASH_SALT)
    except signing.BadSignature:
        return
    if re.fullmatch(r"[0-9a-f]{32}", payload.get("file", "")):
        (_stash_dir() / payload["file"]).unlink(missing_ok=True)
