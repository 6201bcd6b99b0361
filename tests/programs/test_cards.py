"""Program cards and quiz results (programs_tags.program_card and match_item, built in Python):
what a student reads on each, and that text an editor or an import typed is always escaped."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.programs.factories import AdmissionRuleFactory, ProgramFactory, SchoolFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<b onmouseover="x()">Bold</b> & Co'
ESCAPED = "&lt;b onmouseover=&quot;x()&quot;&gt;Bold&lt;/b&gt; &amp; Co"


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def card_of(page, name):
    """The program card whose title is `name`."""
    start = page.index(f">{name}</a></h3>")
    return page[page.rindex("<article", 0, start) : page.index("</article>", start)]


@pytest.fixture
def hostile_program():
    school = SchoolFactory(name=f"School {HOSTILE}", city=f"City {HOSTILE}", slug="hostile")
    program = ProgramFactory(school=school, name=f"Program {HOSTILE}", slug="hostile-program")
    AdmissionRuleFactory(
        program=program,
        min_gpa=Decimal("3.0"),
        gre_policy="not_required",
        source_url="https://example.edu/admissions?a=1&b=2",
    )
    return program


@pytest.mark.parametrize(
    "url",
    ["/programs/", "/schools/hostile/", "/programs/match/?gpa=3.5&gre=320"],
)
def test_editor_text_on_cards_and_quiz_results_is_escaped(client, hostile_program, url):
    page = html(client.get(url))
    assert f"Program {ESCAPED}" in page
    assert f"School {ESCAPED}" in page
    assert HOSTILE not in page
    assert 'onmouseover="x()"' not in page


def test_a_quiz_result_links_its_source_with_the_address_escaped(client, hostile_program):
    page = html(client.get("/programs/match/", {"gpa": "3.5", "gre": "320"}))
    assert 'href="https://example.edu/admissions?a=1&amp;b=2" rel="nofollow noopener"' in page
    assert '<a href="/programs/hostile-program/">Program ' in page


def test_a_card_shows_the_programs_figures_and_a_passed_deadline_says_so(client):
    school = SchoolFactory(name="Lakemont University", is_partner=True, acceptance_rate=42.5)
    program = ProgramFactory(
        school=school, name="MS in Data Science", tuition_amount=Decimal("31490.50")
    )
    AdmissionRuleFactory(
        program=program,
        min_gpa=Decimal("3"),
        gre_policy="optional",
        deadline=timezone.localdate() - datetime.timedelta(days=1),
    )
    card = card_of(html(client.get("/programs/")), "MS in Data Science")
    assert 'class="program-card is-partner"' in card
    assert "Partner school · paid placement" in card
    assert "<dt>Total tuition</dt><dd>$31,490.50</dd>" in card
    assert "<dt>Minimum GPA</dt><dd>3.0</dd>" in card
    assert "<dt>Acceptance rate</dt><dd>42.5%</dd>" in card
    assert "<dt>GRE</dt><dd>Optional</dd>" in card
    assert "<dd>passed on " in card
    # On the directory every card can be added to the comparison, and is a target to return to.
    assert 'id="program-' in card
    assert 'Add to compare<span class="visually-hidden">: MS in Data Science, Lakemont' in card


def test_a_card_without_admission_rules_says_not_published(client):
    ProgramFactory(name="Rules unknown")
    card = card_of(html(client.get("/programs/")), "Rules unknown")
    assert "<dt>GRE</dt><dd>Not published</dd>" in card
    assert "<dt>Minimum GPA</dt><dd>Not published</dd>" in card
    assert "Application deadline" not in card
    assert "is-partner" not in card
