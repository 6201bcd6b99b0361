"""Data to check: what each rule lists (and where its boundary is), the admin page per role and
its query count, "Mark as checked", the weekly command and the dashboard's count."""

from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.core.management import ManagementUtility, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleVersion
from core.dates import add_months, months_before
from guidesite import data_check
from programs.models import Program
from tests.articles.desk_support import links, text
from tests.articles.factories import ArticleVersionFactory, SourceFactory, live_article
from tests.careers.factories import CareerFactory, ProjectionEditionFactory
from tests.programs.factories import AdmissionRuleFactory, ProgramFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
# Checked on this day or later: current (DATA_STALE_MONTHS = 12).
CUTOFF = date(2025, 6, 15)
LIST = reverse("data_to_check")
MARK = reverse("data_to_check_mark")


@pytest.fixture(autouse=True)
def _months(settings):
    settings.DATA_STALE_MONTHS = 12
    settings.REVIEW_DUE_MONTHS = 12


def rows(today=TODAY, kind=None):
    return [(row.kind, row.name) for row in data_check.items(today) if kind in (None, row.kind)]


def row_of(name, today=TODAY):
    return next(row for row in data_check.items(today) if row.name == name)


def checked_program(name, tuition=TODAY, admission=TODAY, **rule):
    """A published program with admission rules, both checked on the days given."""
    program = ProgramFactory(name=name, tuition_checked_on=tuition)
    AdmissionRuleFactory(program=program, checked_on=admission, **rule)
    return program


def local_time(day, hour=0):
    return timezone.make_aware(datetime.combine(day, time(hour)))


# Programs: tuition and admission checks ------------------------------------------------------


def test_tuition_checked_twelve_months_ago_is_current_and_a_day_earlier_is_due():
    fresh = checked_program("Fresh", tuition=CUTOFF)
    stale = checked_program("Stale", tuition=CUTOFF - timedelta(days=1))

    assert rows(kind="program") == [("program", str(stale))]
    row = row_of(str(stale))
    assert row.due == "Tuition last checked on Jun 14, 2025"
    assert row.since == date(2026, 6, 14)
    assert row.url == reverse("admin:programs_program_change", args=[stale.pk])
    assert str(fresh) not in [name for _kind, name in rows()]


def test_admission_requirements_checked_too_long_ago_are_due():
    program = checked_program("Old rules", admission=CUTOFF - timedelta(days=1))
    checked_program("Current rules", admission=CUTOFF)

    assert rows(kind="program") == [("program", str(program))]
    assert row_of(str(program)).due == "Admission requirements last checked on Jun 14, 2025"


def test_a_published_program_never_checked_is_due_since_it_was_published():
    program = ProgramFactory(name="Never checked")
    AdmissionRuleFactory(program=program)

    row = row_of(str(program), today=timezone.localdate())
    assert row.due == "Tuition never checked; admission requirements never checked"
    assert row.since == timezone.localdate(program.first_published_at)


def test_a_program_without_admission_rules_is_judged_by_its_tuition():
    ProgramFactory(name="No rules, tuition current", tuition_checked_on=TODAY)
    due = ProgramFactory(name="No rules, tuition never checked")

    assert rows(kind="program") == [("program", str(due))]
    assert row_of(str(due)).due == "Tuition never checked"


def test_unpublished_and_synthetic_programs_are_not_listed():
    ProgramFactory(name="Draft program", unpublished=True)
    Program.objects.filter(pk=ProgramFactory(name="Generated program").pk).update(is_synthetic=True)

    assert rows() == []


def test_the_months_come_from_the_setting(settings):
    settings.DATA_STALE_MONTHS = 6
    program = checked_program("Half a year", tuition=date(2025, 12, 14))

    assert rows() == [("program", str(program))]
    settings.DATA_STALE_MONTHS = 12
    assert rows() == []


# Programs: passed application deadlines ------------------------------------------------------


def test_a_deadline_passed_yesterday_is_due_from_today_and_one_today_is_not():
    passed = checked_program("Passed", admission=date(2026, 1, 10), deadline=TODAY - timedelta(1))
    checked_program("Due today", admission=date(2026, 1, 10), deadline=TODAY)

    assert rows(kind="deadline") == [("deadline", str(passed))]
    row = row_of(str(passed))
    assert row.due == "Application deadline passed on Jun 14, 2026; no newer one recorded"
    assert row.since == TODAY


def test_a_passed_deadline_checked_since_it_passed_is_not_listed():
    deadline = date(2026, 3, 1)
    checked_program("Checked after", admission=deadline + timedelta(days=1), deadline=deadline)
    on_the_day = checked_program("Checked on the day", admission=deadline, deadline=deadline)

    assert rows(kind="deadline") == [("deadline", str(on_the_day))]


# Careers ---------------------------------------------------------------------------------------


def career(title, **kwargs):
    values = {
        "outlook_percent": 10,
        "outlook_start_year": 2023,
        "outlook_end_year": 2033,
        "salary_year": 2024,
    }
    return CareerFactory(title=title, **(values | kwargs))


def test_an_outlook_from_an_older_edition_than_the_latest_recorded_is_due():
    ProjectionEditionFactory(start_year=2021)
    ProjectionEditionFactory(start_year=2023, published_on=date(2024, 8, 29))
    old = career("Old outlook", outlook_start_year=2021, outlook_end_year=2031)
    career("Current outlook")
    career("No outlook", outlook_percent=None, outlook_start_year=None, outlook_end_year=None)

    assert rows(kind="career") == [("career", "Old outlook")]
    row = row_of("Old outlook")
    assert row.due == (
        "Job outlook from BLS Employment Projections 2021-31 "
        "(BLS Employment Projections 2023-33 is recorded)"
    )
    assert row.since == date(2024, 8, 29)
    assert row.url == reverse("admin:careers_career_change", args=[old.pk])


def test_no_outlook_is_superseded_while_no_edition_is_recorded():
    career("Old outlook", outlook_start_year=2021, outlook_end_year=2031)

    assert rows() == []


@pytest.mark.parametrize(
    ("retrieved", "listed"),
    [(None, True), (date(2024, 8, 28), True), (date(2024, 8, 29), False)],
)
def test_a_superseded_outlook_checked_since_the_edition_came_out_is_not_listed(retrieved, listed):
    ProjectionEditionFactory(start_year=2023, published_on=date(2024, 8, 29))
    career(
        "Old outlook",
        outlook_start_year=2021,
        outlook_end_year=2031,
        source_retrieved_on=retrieved,
    )

    assert (rows(today=date(2025, 1, 10)) == [("career", "Old outlook")]) is listed


@pytest.mark.parametrize(
    ("retrieved", "listed"), [(date(2023, 12, 31), True), (date(2024, 1, 1), False)]
)
def test_an_edition_without_a_publication_day_counts_from_the_end_of_its_base_year(
    retrieved, listed
):
    ProjectionEditionFactory(start_year=2023)
    career(
        "Old outlook", outlook_start_year=2021, outlook_end_year=2031, source_retrieved_on=retrieved
    )

    assert (rows(today=date(2024, 6, 1)) == [("career", "Old outlook")]) is listed


def test_a_check_stops_counting_after_the_data_months():
    ProjectionEditionFactory(start_year=2023, published_on=date(2024, 8, 29))
    career(
        "Checked long ago",
        outlook_start_year=2021,
        outlook_end_year=2031,
        source_retrieved_on=CUTOFF - timedelta(days=1),
    )
    career(
        "Checked within the year",
        outlook_start_year=2021,
        outlook_end_year=2031,
        source_retrieved_on=CUTOFF,
    )

    assert rows() == [("career", "Checked long ago")]
    assert row_of("Checked long ago").since == add_months(CUTOFF - timedelta(days=1), 12)


def test_a_salary_more_than_two_years_old_is_due_from_january():
    career("Salary 2024", salary_year=2024)
    career("Salary 2023", salary_year=2023)
    career("Salary checked this year", salary_year=2023, source_retrieved_on=date(2026, 1, 5))

    assert rows(kind="career") == [("career", "Salary 2023")]
    row = row_of("Salary 2023")
    assert row.due == "Salary from 2023, more than 2 years old"
    assert row.since == date(2026, 1, 1)


def test_unpublished_careers_are_not_listed():
    career("Hidden", salary_year=2015, is_published=False)

    assert rows() == []


# Guides: expert review -------------------------------------------------------------------------


def reviewed_guide(title, approved_at, **kwargs):
    return live_article(title=title, approved_at=approved_at, published_at=approved_at, **kwargs)


def test_a_guide_reviewed_twelve_months_ago_is_current_and_a_day_earlier_is_due():
    reviewed_guide("Reviewed on the cutoff day", local_time(CUTOFF))
    due = reviewed_guide("Reviewed the day before", local_time(CUTOFF - timedelta(days=1), 23))

    assert rows(kind="guide") == [("guide", "Reviewed the day before")]
    row = row_of("Reviewed the day before")
    assert row.due == "Last expert review on Jun 14, 2025"
    assert row.since == date(2026, 6, 14)
    assert row.url == reverse("admin:articles_article_change", args=[due.pk])
    assert row.markable is False


def test_a_minor_change_approved_since_is_no_expert_review():
    long_ago = local_time(date(2025, 1, 10), 12)
    article = reviewed_guide("Typo fixed last week", long_ago)
    first = article.live_version
    first.state = ArticleVersion.State.ARCHIVED
    first.save(update_fields=["state"])
    ArticleVersionFactory(
        article=article,
        live=True,
        title="Typo fixed last week",
        is_minor=True,
        approved_at=local_time(TODAY - timedelta(days=7)),
        published_at=local_time(TODAY - timedelta(days=7)),
    )

    assert rows(kind="guide") == [("guide", "Typo fixed last week")]
    assert row_of("Typo fixed last week").due == "Last expert review on Jan 10, 2025"


def test_a_substantive_change_approved_since_is_a_new_review():
    article = reviewed_guide("Rewritten", local_time(date(2024, 1, 10)))
    article.live_version.state = ArticleVersion.State.ARCHIVED
    article.live_version.save(update_fields=["state"])
    ArticleVersionFactory(
        article=article,
        live=True,
        title="Rewritten",
        approved_at=local_time(date(2026, 2, 1)),
        published_at=local_time(date(2026, 2, 1)),
    )

    assert rows(kind="guide") == []


def test_guides_not_live_are_not_listed():
    ArticleVersionFactory(title="Only a draft")

    assert rows(kind="guide") == []


# Sources ---------------------------------------------------------------------------------------


def test_a_live_guides_source_accessed_more_than_24_months_ago_is_due():
    version = reviewed_guide("Cites", local_time(TODAY)).live_version
    SourceFactory(version=version, title="On the day", accessed_on=months_before(TODAY, 24))
    SourceFactory(version=version, title="Old", accessed_on=date(2024, 6, 14))
    SourceFactory(version=version, title="Undated", accessed_on=None)
    SourceFactory(title="In a draft", accessed_on=date(2020, 1, 1))

    assert rows(kind="source") == [("source", "Old")]
    row = row_of("Old")
    assert row.due == "Last accessed on Jun 14, 2024, cited by “Cites”"
    assert row.since == TODAY - timedelta(days=1)
    assert row.url == reverse("admin:articles_articleversion_change", args=[version.pk])


# The list as a whole ---------------------------------------------------------------------------


@pytest.fixture
def one_of_each():
    """One row of every kind, due on the site's real today."""
    today = timezone.localdate()
    old = months_before(today, 30)
    checked_program("Old tuition", tuition=old, admission=today)
    checked_program(
        "Passed deadline",
        tuition=today,
        admission=today - timedelta(days=20),
        deadline=today - timedelta(days=10),
    )
    ProjectionEditionFactory(start_year=today.year - 3, published_on=months_before(today, 2))
    career(
        "Old outlook",
        outlook_start_year=today.year - 5,
        outlook_end_year=today.year + 5,
        salary_year=today.year,
    )
    version = reviewed_guide("Old review", local_time(old)).live_version
    SourceFactory(version=version, title="Old source", accessed_on=old)
    return today


def test_the_list_is_longest_due_first_and_the_count_agrees_in_one_query(
    one_of_each, django_assert_num_queries
):
    listed = rows(today=one_of_each)

    assert {kind for kind, _name in listed} == set(data_check.KINDS)
    with django_assert_num_queries(1):
        assert data_check.count(one_of_each) == len(listed) == 5


def test_rows_are_sorted_by_due_since():
    checked_program("Recent", tuition=date(2025, 6, 1))
    checked_program("Older", tuition=date(2024, 1, 1))

    assert [name.split(",")[0] for _kind, name in rows()] == ["Older", "Recent"]


# The admin page, per role ------------------------------------------------------------------------


def page(client, user, query=""):
    client.force_login(user)
    return client.get(LIST + query)


def test_anonymous_visitors_are_sent_to_sign_in(client, one_of_each):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", ["writer", "staff"])
def test_writers_and_staff_without_a_role_may_not_see_the_list(request, client, role):
    assert page(client, request.getfixturevalue(role)).status_code == 403


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_editors_see_every_row_with_its_link_and_a_mark_button(request, client, one_of_each, role):
    html = page(client, request.getfixturevalue(role)).content.decode()

    assert text(html, "data-check-count") == "5 items to check."
    program = Program.objects.get(name="Old tuition")
    row = f"row-program-{program.pk}"
    assert reverse("admin:programs_program_change", args=[program.pk]) in links(html, row)
    assert "Mark as checked" in text(html, row)
    assert "Tuition last checked on" in text(html, row)
    guide_row = next(r for r in data_check.items() if r.kind == "guide")
    assert "Open the guide to start a review" in text(html, f"row-guide-{guide_row.pk}")
    assert "Mark as checked" not in text(html, f"row-guide-{guide_row.pk}")


def test_reviewers_read_the_list_without_mark_buttons(client, reviewer, one_of_each):
    html = page(client, reviewer).content.decode()

    assert text(html, "data-check-count") == "5 items to check."
    assert "You can read this list; editors mark rows as checked." in html
    assert "Mark as checked" not in html


def test_filters_by_kind_and_age_with_counts(client, editor, one_of_each):
    html = page(client, editor, "?kind=career").content.decode()
    assert text(html, "data-check-count") == "1 item to check with these filters (5 in all)."
    assert "Old outlook" in text(html, "data-check-rows")
    assert "Old tuition" not in html

    html = page(client, editor, "?age=new").content.decode()
    # Due for less than a month: the deadline passed 10 days ago only.
    assert text(html, "data-check-count") == "1 item to check with these filters (5 in all)."
    assert "Passed deadline" in text(html, "data-check-rows")
    assert "Kind All (1)Program figures (0)Application deadlines (1)Career figures (0)" in text(
        html, "changelist-filter"
    )


def test_an_unknown_filter_is_left_out_and_said(client, editor, one_of_each):
    response = page(client, editor, "?kind=everything&age=<b>")

    assert response.status_code == 200
    html = response.content.decode()
    assert "That filter is not available, so it was left out." in html
    assert text(html, "data-check-count") == "5 items to check."


def test_an_empty_list_says_so(client, editor):
    html = page(client, editor).content.decode()

    assert text(html, "data-check-count") == (
        "Nothing to check: every figure, guide review and source is current."
    )


def _many_of_each(n):
    today = timezone.localdate()
    old = months_before(today, 30)
    for i in range(n):
        checked_program(f"Old tuition {i}", tuition=old, admission=today)
        checked_program(
            f"Passed deadline {i}",
            tuition=today,
            admission=today - timedelta(days=20),
            deadline=today - timedelta(days=10),
        )
        career(
            f"Old outlook {i}", outlook_start_year=today.year - 5, outlook_end_year=today.year + 5
        )
        version = reviewed_guide(f"Old review {i}", local_time(old)).live_version
        SourceFactory(version=version, title=f"Old source {i}", accessed_on=old)


# Session, user, two-factor device, the user's and the groups' permissions, one query per kind.
PAGE_QUERIES = 10


def test_the_page_runs_a_fixed_number_of_queries(client, editor, django_assert_num_queries):
    ProjectionEditionFactory(start_year=timezone.localdate().year - 3)
    _many_of_each(1)
    client.force_login(editor)
    with django_assert_num_queries(PAGE_QUERIES):
        assert text(client.get(LIST).content.decode(), "data-check-count") == "5 items to check."

    _many_of_each(8)
    with django_assert_num_queries(PAGE_QUERIES):
        assert text(client.get(LIST).content.decode(), "data-check-count") == "45 items to check."


# Mark as checked -------------------------------------------------------------------------------


def mark(client, user, kind, pk, note="", next_query=""):
    client.force_login(user)
    return client.post(MARK, {"kind": kind, "pk": pk, "note": note, "next": next_query})


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_marking_a_program_checks_its_tuition_and_admission_and_it_leaves_the_list(client, editor):
    today = timezone.localdate()
    program = checked_program("Old tuition", tuition=months_before(today, 14), admission=None)

    response = mark(
        client, editor, "program", program.pk, "Same fees on the bursar's page.", "kind=program"
    )

    assert response.status_code == 302
    assert response["Location"] == LIST + "?kind=program"
    program.refresh_from_db()
    assert program.tuition_checked_on == today
    assert program.admission.checked_on == today
    assert messages_of(response) == [
        f"“{program}” is marked as checked on {today:%B} {today.day}, {today.year} and has "
        "left the list."
    ]
    assert rows(today=today) == []
    entry = LogEntry.objects.get(object_id=str(program.pk), content_type__model="program")
    assert (entry.user, entry.change_message) == (
        editor,
        "Marked as checked: Same fees on the bursar's page.",
    )


def test_marking_a_program_records_who_and_the_note_in_its_history(client, editor):
    today = timezone.localdate()
    program = checked_program("Old tuition", tuition=months_before(today, 14), admission=None)

    mark(client, editor, "program", program.pk, "Same fees.")

    for record in (program, program.admission):
        latest = record.history.latest()
        assert latest.history_user == editor
        assert latest.history_change_reason == "Marked as checked: Same fees."
    assert program.history.latest().tuition_checked_on == today
    assert program.admission.history.latest().checked_on == today


def test_marking_a_passed_deadline_checks_the_admission_requirements_only(client, editor):
    today = timezone.localdate()
    program = checked_program(
        "Passed deadline",
        tuition=months_before(today, 3),
        admission=today - timedelta(days=30),
        deadline=today - timedelta(days=10),
    )

    mark(client, editor, "deadline", program.pk)

    program.refresh_from_db()
    assert program.admission.checked_on == today
    assert program.tuition_checked_on == months_before(today, 3)
    assert rows(today=today) == []


def test_marking_a_career_and_a_source_records_the_day(client, editor):
    today = timezone.localdate()
    ProjectionEditionFactory(start_year=today.year - 3)
    old = career("Old outlook", outlook_start_year=today.year - 5, outlook_end_year=today.year + 5)
    source = SourceFactory(
        version=reviewed_guide("Cites", local_time(today)).live_version,
        title="Old source",
        accessed_on=months_before(today, 30),
    )

    mark(client, editor, "career", old.pk)
    mark(client, editor, "source", source.pk, "Still online.")

    old.refresh_from_db()
    source.refresh_from_db()
    assert (old.source_retrieved_on, source.accessed_on) == (today, today)
    assert rows(today=today) == []
    assert old.history.latest().history_change_reason == "Marked as checked"
    entry = LogEntry.objects.get(object_id=str(source.pk), content_type__model="source")
    assert (entry.user, entry.change_message) == (editor, "Marked as checked: Still online.")


def test_a_guide_due_for_review_cannot_be_marked_as_checked(client, editor):
    article = reviewed_guide("Old review", local_time(months_before(timezone.localdate(), 30)))

    response = mark(client, editor, "guide", article.pk)

    assert messages_of(response) == [data_check.GUIDE_NEEDS_REVIEW]
    assert rows(today=timezone.localdate()) == [("guide", "Old review")]


def test_reviewers_may_not_mark_rows_and_nothing_changes(client, reviewer):
    program = ProgramFactory(name="Never checked")

    response = mark(client, reviewer, "program", program.pk)

    assert response.status_code == 302
    assert messages_of(response) == [
        "Only editors may mark program figures as checked; your account may not change them. "
        "Nothing was changed."
    ]
    program.refresh_from_db()
    assert program.tuition_checked_on is None


def test_the_service_refuses_whoever_calls_it(reviewer, writer):
    program = ProgramFactory(name="Never checked")

    for user in (reviewer, writer):
        with pytest.raises(data_check.CheckRefused):
            data_check.mark_checked(user, "program", program.pk)
    program.refresh_from_db()
    assert program.tuition_checked_on is None


def test_writers_are_refused_and_anonymous_visitors_sent_to_sign_in(client, writer):
    program = ProgramFactory(name="Never checked")

    assert mark(client, writer, "program", program.pk).status_code == 403
    client.logout()
    response = client.post(MARK, {"kind": "program", "pk": program.pk})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    program.refresh_from_db()
    assert program.tuition_checked_on is None


def test_mark_needs_the_csrf_token_and_a_post(editor):
    program = ProgramFactory(name="Never checked")
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    assert client.post(MARK, {"kind": "program", "pk": program.pk}).status_code == 403
    assert client.get(MARK).status_code == 405
    program.refresh_from_db()
    assert program.tuition_checked_on is None


@pytest.mark.parametrize(
    ("kind", "pk", "message"),
    [
        ("program", "not-a-number", data_check.NOT_DUE),
        ("program", "999999", data_check.NOT_DUE),
        ("career", "9" * 30, data_check.NOT_DUE),
        ("planet", "1", data_check.UNKNOWN_KIND),
        ("", "", data_check.UNKNOWN_KIND),
    ],
)
def test_a_bad_row_is_told_not_a_500(client, editor, kind, pk, message):
    response = mark(client, editor, kind, pk)

    assert response.status_code == 302
    assert messages_of(response) == [message]


def test_a_row_already_checked_is_told(client, editor):
    program = ProgramFactory(name="Never checked")
    mark(client, editor, "program", program.pk)

    response = mark(client, editor, "program", program.pk)

    assert messages_of(response)[-1] == data_check.NOT_DUE


def test_a_note_too_long_is_refused_and_a_pasted_one_made_one_line(client, editor):
    program = ProgramFactory(name="Never checked")

    response = mark(client, editor, "program", program.pk, "x" * 81)
    assert messages_of(response) == [
        "Keep the note to 80 characters (it has 81). Nothing was changed."
    ]
    program.refresh_from_db()
    assert program.tuition_checked_on is None

    mark(client, editor, "program", program.pk, "  Fees\r\nunchanged\x00 ")
    entry = LogEntry.objects.get(object_id=str(program.pk), content_type__model="program")
    assert entry.change_message == "Marked as checked: Fees unchanged"


def test_the_return_address_keeps_only_the_lists_own_filters(client, editor):
    program = ProgramFactory(name="Never checked")

    response = mark(
        client, editor, "program", program.pk, next_query="kind=program&next=https://evil.example"
    )

    assert response["Location"] == LIST + "?kind=program"


# The weekly command ----------------------------------------------------------------------------


def test_the_command_prints_every_row_with_its_admin_address(settings, one_of_each, capsys):
    settings.SITE_URL = "https://guides.example.com"

    call_command("data_to_check")

    out = capsys.readouterr().out
    assert out.startswith("5 item(s) to check on ")
    program = Program.objects.get(name="Old tuition")
    assert (f"Program figures: {program}\n  Tuition last checked on") in out
    assert f"https://guides.example.com/admin/programs/program/{program.pk}/change/" in out
    assert "Guide reviews: Old review\n  Last expert review on" in out
    assert "; due since " in out
    assert out.rstrip().endswith("https://guides.example.com/admin/data-to-check/")


def test_the_command_says_when_nothing_is_due(capsys):
    call_command("data_to_check")

    assert "Nothing to check on " in capsys.readouterr().out


def test_the_command_exits_zero_as_cron_runs_it(one_of_each, capsys):
    # As `manage.py data_to_check` runs: an error would raise SystemExit with a status of 1.
    try:
        ManagementUtility(["manage.py", "data_to_check"]).execute()
    except SystemExit as exit_:
        pytest.fail(f"The command exited with status {exit_.code}.")
    assert "5 item(s) to check" in capsys.readouterr().out


# The admin home --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "reviewer", "superuser"])
def test_the_admin_home_links_the_list_with_its_count(request, client, one_of_each, role):
    client.force_login(request.getfixturevalue(role))
    html = client.get(reverse("admin:index")).content.decode()

    assert text(html, "data-to-check-count") == "5"
    assert links(html, "data-to-check") == [LIST]


def test_writers_home_has_no_data_to_check(client, writer, one_of_each):
    client.force_login(writer)
    html = client.get(reverse("admin:index")).content.decode()

    assert 'id="data-to-check"' not in html
