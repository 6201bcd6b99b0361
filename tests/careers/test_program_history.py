"""A career's hand-picked programs are part of its history: who changed them and when, which
programs before and after, and a revert brings them back (core/history.py, m2m_fields)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careers.models import Career
from core import history
from tests.careers.factories import CareerFactory
from tests.programs.factories import ProgramFactory
from tests.test_history import admin_url, change_form_data, newest, revert_url
from tests.test_html_valid import errors_in, validate

pytestmark = pytest.mark.django_db


def program_changes(record):
    changes = history.describe(history.compare(Career, record.prev_record, record))
    return [(c.label, c.old_text, c.new_text) for c in changes]


def names(programs, *picked):
    """How the history names these programs: each as str() shows it, in order, by commas."""
    return ", ".join(sorted(str(programs[name]) for name in picked))


@pytest.fixture
def programs():
    return {name: ProgramFactory(name=name) for name in ("Alpha MS", "Bravo MS", "Charlie MS")}


def test_an_admin_edit_of_fields_and_programs_is_one_entry_with_both(client, editor, programs):
    career = CareerFactory(title="Data Engineer", salary=100000)
    career.programs.set([programs["Alpha MS"], programs["Bravo MS"]])
    before = career.history.count()
    client.force_login(editor)
    form = client.get(admin_url(career))

    response = client.post(
        admin_url(career),
        change_form_data(
            form, salary="110000", programs=[programs["Alpha MS"].pk, programs["Charlie MS"].pk]
        ),
    )

    assert response.status_code == 302
    assert career.history.count() == before + 1
    record = newest(career)
    assert record.history_user == editor
    assert program_changes(record) == [
        ("Annual salary (USD)", "100,000", "110,000"),
        (
            "Programs",
            names(programs, "Alpha MS", "Bravo MS"),
            names(programs, "Alpha MS", "Charlie MS"),
        ),
    ]


def test_programs_picked_outside_the_admin_are_recorded_too(programs):
    career = CareerFactory()

    career.programs.add(programs["Bravo MS"])

    assert program_changes(newest(career)) == [("Programs", "", str(programs["Bravo MS"]))]


def test_the_history_page_shows_the_programs_before_and_after(client, editor, programs):
    career = CareerFactory()
    career.programs.add(programs["Alpha MS"])
    career.programs.remove(programs["Alpha MS"])
    client.force_login(editor)

    page = client.get(admin_url(career, "history")).text

    assert page.count('<th scope="row">Programs</th>') == 2
    assert str(programs["Alpha MS"]) in page


def test_the_history_page_reads_the_programs_in_one_query_however_many_entries(
    client, editor, programs
):
    career = CareerFactory()
    client.force_login(editor)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(admin_url(career, "history")).status_code == 200
        return len(captured)

    career.programs.add(programs["Alpha MS"])
    few = queries()
    for program in programs.values():
        career.programs.remove(program)
        career.programs.add(program)
    assert queries() == few


def test_a_revert_brings_the_programs_back_as_one_recorded_change(client, editor, programs):
    career = CareerFactory(salary=90000)
    career.programs.set([programs["Alpha MS"], programs["Bravo MS"]])
    old_version = newest(career)
    career.programs.set([programs["Charlie MS"]])
    client.force_login(editor)

    confirmation = client.get(revert_url(career, old_version))
    assert [(c.label, c.new_text) for c in confirmation.context["plan"].changes] == [
        ("Programs", names(programs, "Alpha MS", "Bravo MS"))
    ]
    before = career.history.count()
    client.post(revert_url(career, old_version))

    assert set(career.programs.all()) == {programs["Alpha MS"], programs["Bravo MS"]}
    assert career.history.count() == before + 1
    record = newest(career)
    assert record.history_change_reason.startswith("Reverted to ")
    assert program_changes(record)[0][0] == "Programs"
    client.logout()
    assert "Alpha MS" in client.get(career.get_absolute_url()).text


def test_a_program_deleted_since_is_left_out_of_the_revert_with_a_note(client, editor, programs):
    career = CareerFactory()
    doomed = ProgramFactory(name="Closed MS")
    career.programs.set([programs["Alpha MS"], doomed])
    old_version = newest(career)
    career.programs.set([])
    doomed.delete()
    client.force_login(editor)

    confirmation = client.get(revert_url(career, old_version))
    assert any("no longer exist" in note for note in confirmation.context["plan"].notes)
    client.post(revert_url(career, old_version))

    assert list(career.programs.all()) == [programs["Alpha MS"]]


def test_the_careers_history_and_revert_pages_are_valid_html(client, editor, programs, tmp_path):
    career = CareerFactory()
    career.programs.set([programs["Alpha MS"]])
    old_version = newest(career)
    career.programs.set([programs["Bravo MS"], programs["Charlie MS"]])
    client.force_login(editor)
    files = []
    for name, url in (
        ("history", admin_url(career, "history")),
        ("revert", revert_url(career, old_version)),
    ):
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(client.get(url).content)

    assert [(m["url"].rsplit("/", 1)[-1], m["message"]) for m in errors_in(validate(files))] == []
