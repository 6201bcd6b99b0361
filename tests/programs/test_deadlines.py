"""A passed application deadline says so, on program pages and cards (issue 12)."""

from datetime import date

import pytest
from django.utils import timezone

from programs.templatetags.programs_tags import deadline_text
from tests.programs.factories import AdmissionRuleFactory, ProgramFactory

TODAY = date(2025, 6, 10)


@pytest.mark.parametrize(
    ("deadline", "text"),
    [
        (date(2024, 3, 1), "passed on March 1, 2024"),
        (date(2025, 6, 9), "passed on June 9, 2025"),
        (TODAY, "today, June 10, 2025"),
        (date(2025, 6, 11), "June 11, 2025"),
        (date(2027, 1, 15), "January 15, 2027"),
        (None, "Not published"),
    ],
)
def test_deadline_reads_against_today(deadline, text):
    assert deadline_text(deadline, TODAY) == text


@pytest.fixture
def on_june_10(monkeypatch):
    """The site's today is June 10, 2025 (other dates still convert as usual)."""
    real = timezone.localdate
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, *args: TODAY if value is None else real(value, *args),
    )


@pytest.mark.django_db
def test_program_page_says_a_deadline_has_passed(client, on_june_10):
    rule = AdmissionRuleFactory(deadline=date(2024, 3, 1), deadline_note="Priority deadline")

    html = client.get(rule.program.get_absolute_url()).content.decode()

    assert (
        "<dt>Application deadline</dt><dd>passed on March 1, 2024 (Priority deadline)</dd>"
    ) in html


@pytest.mark.django_db
def test_program_page_shows_a_coming_deadline_as_a_date(client, on_june_10):
    rule = AdmissionRuleFactory(deadline=date(2026, 3, 1))

    html = client.get(rule.program.get_absolute_url()).content.decode()

    assert "<dt>Application deadline</dt><dd>March 1, 2026</dd>" in html


@pytest.mark.django_db
def test_directory_cards_show_passed_and_coming_deadlines(client, on_june_10):
    AdmissionRuleFactory(program=ProgramFactory(name="A late"), deadline=date(2024, 3, 1))
    AdmissionRuleFactory(program=ProgramFactory(name="B today"), deadline=TODAY)
    AdmissionRuleFactory(program=ProgramFactory(name="C no date"))

    html = client.get("/programs/").content.decode()
    cards = html.split('class="program-list"', 1)[1].split("</ol>", 1)[0].split("<li>")[1:]

    assert "<dd>passed on March 1, 2024</dd>" in cards[0]
    assert "<dd>today, June 10, 2025</dd>" in cards[1]
    assert "Application deadline" not in cards[2]
