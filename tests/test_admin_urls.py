"""No admin page answers with a server error, for any role, on a realistic editorial data set.

The pages come from the admin registry at runtime: every URL each ModelAdmin's `get_urls()`
offers (Django's changelist, add, change, delete and history, and the workflow's own screens),
plus the index, the app pages and the autocomplete lookups. A model registered later is covered
without touching this file; only its data may need adding to `editorial_data`.
"""

import itertools
import traceback
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from articles import preview_links, redirects, workflow
from articles.models import Article, ArticleVersion
from core import history
from tests.articles.factories import (
    ArticleFactory,
    ArticleVersionFactory,
    FAQFactory,
    PersonFactory,
    SitePageFactory,
    SourceFactory,
    TopicFactory,
    live_article,
)
from tests.articles.public_data import png
from tests.careers.factories import CareerFactory, ProjectionEditionFactory
from tests.programs.factories import (
    AdmissionRuleFactory,
    CourseFactory,
    ProgramFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["superuser", "editor", "writer", "reviewer", "staff"]
# A page differs with these fields, so one row per value is opened (a version in each state,
# every guide of the data set); any other model opens its first row.
ONE_ROW_PER = {ArticleVersion: "state", Article: "pk"}
# URL arguments that are not a row: the workflow's step buttons (POST only, so GET gets a 405).
OTHER_ARGUMENTS = {"action": ["submit"]}


def editorial_data(writer, editor, reviewer):
    """Schools, programs, careers, site pages and guides in every workflow state."""
    school = SchoolFactory(
        name="Lakeshore University",
        is_partner=True,
        acceptance_rate=Decimal("62.50"),
        website="https://lakeshore.example.edu",
    )
    school.logo.save("logo.png", png(size=(240, 120)), save=True)
    program = ProgramFactory(school=school, name="MS in Data Science", field="Data Science")
    AdmissionRuleFactory(
        program=program,
        min_gpa=Decimal("3.00"),
        gre_policy="optional",
        letters_of_recommendation=2,
        deadline=date(2027, 3, 1),
    )
    CourseFactory(program=program, name="Statistical Learning", order=1)
    # Edited once, so the revert page has a change to show.
    program.credit_hours = 36
    program.save()
    CourseFactory(program=program, name="Data Ethics", kind="elective", order=2)
    unpublished = ProgramFactory(school=SchoolFactory(name="Hillcrest College"), unpublished=True)
    AdmissionRuleFactory(program=unpublished)
    career = CareerFactory(
        title="Data Scientist",
        soc_code="15-2051",
        outlook_percent=36,
        outlook_start_year=2023,
        outlook_end_year=2033,
        program_field="Data Science",
    )
    career.programs.add(program)
    CareerFactory(title="Statistician", is_published=False)
    ProjectionEditionFactory(start_year=2023, name="BLS Employment Projections 2023-33")
    SitePageFactory()
    SitePageFactory(slug="advertising-disclosure", title="Advertising Disclosure")
    writer.person.portrait.save("portrait.png", png(), save=True)
    topic = TopicFactory(name="Data Science")

    def guide(title):
        article = live_article(
            article__topic=topic, author=writer.person, editor=editor.person, title=title
        )
        live = article.live_version
        FAQFactory(version=live, question="Is the program fully online?")
        SourceFactory(version=live, title="Occupational Outlook Handbook")
        live.program_links.create(program=program, order=1)
        live.career_links.create(career=career, order=1)
        return article

    def revise(article, title):
        draft = workflow.start_draft(article, writer)
        draft.title = title
        draft.change_note = f"Retitled: {title}"
        return workflow.save_draft(draft, writer)

    # A live guide with an open draft.
    revise(guide("Choosing an online data science master's"), "Choosing a data science master's")
    # In review after being sent back once.
    draft = revise(guide("GRE waivers explained"), "GRE waivers, explained")
    workflow.submit(draft, writer)
    workflow.request_changes(draft, reviewer, "Cite the programs' own pages.")
    workflow.submit(revise(draft.article, "GRE waivers: what schools say"), writer)
    # Published twice (the first version is archived), with the next one scheduled.
    article = guide("Data science salaries")
    second = workflow.submit(revise(article, "Data science salaries in 2027"), writer)
    workflow.approve(second, reviewer, comment="Figures checked.")
    third = workflow.submit(revise(article, "Data science salaries by state"), writer)
    workflow.approve(third, reviewer, go_live_at=timezone.now() + timedelta(days=3))
    # A guide taken down for a replacement, with an old address of the replacement.
    replacement = guide("Paying for a data science master's")
    workflow.unpublish(guide("Data science tuition in 2026"), editor, "Outdated.", replacement)
    redirects.record_move(replacement, "funding-a-data-science-masters", editor)
    # A discarded draft, and a guide that has no version yet.
    workflow.discard(revise(guide("Bootcamp or master's?"), "Bootcamp vs master's"), editor)
    ArticleFactory(slug="unwritten-guide", topic=topic)
    # A never-published draft by someone without an account.
    ArticleVersionFactory(author=PersonFactory(name="Guest Author"), article__topic=topic)
    # Preview links to the version in review: one still open, one revoked.
    preview_links.create(draft, reviewer)
    preview_links.revoke(preview_links.create(draft, editor, days=3), reviewer)

    # Sign-in records (django-axes: a failure, a lockout count, a sign-in) and an authenticator.
    seen = {"ip_address": "203.0.113.7", "user_agent": "Firefox", "http_accept": "text/html"}
    seen |= {"path_info": reverse("admin:login"), "username": writer.username}
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=2)
    AccessFailureLog.objects.create(**seen, locked_out=False)
    AccessLog.objects.create(**seen, session_hash="")
    TOTPDevice.objects.create(user=reviewer, name="Phone", confirmed=True)
    # A notification email the worker sent (the task queue's admin, django-tasks-db).
    DBTaskResult.objects.create(
        task_path="articles.notifications.send_email",
        args_kwargs={"args": [1, "Approved: Online MBA costs", "It is now live."], "kwargs": {}},
        backend_name="default",
        status="SUCCESSFUL",
        return_value="sent",
        exception_class_path="",
        traceback="",
    )

    # Django's own history pages list these.
    for model in admin.site._registry:
        LogEntry.objects.log_actions(
            editor.pk, model._default_manager.all(), CHANGE, "Checked for the audit."
        )


def rows_to_open(model):
    rows = model._default_manager.order_by("pk")
    field = ONE_ROW_PER.get(model)
    if field is None:
        return list(rows[:1])
    first = {}
    for row in rows:
        first.setdefault(getattr(row, field), row)
    return list(first.values())


def argument_values(model, name):
    """Values for one URL argument: rows of the admin's model, of `<model>_id`, or listed."""
    if name in ("object_id", "pk", "id"):  # `id`: the user admin's password page
        return [row.pk for row in rows_to_open(model)]
    if name in OTHER_ARGUMENTS:
        return OTHER_ARGUMENTS[name]
    if name == "kind":  # whose recorded version a revert page shows (core/history_admin.py)
        return [model._meta.model_name]
    if name == "history_id":  # the row's oldest recorded version, so the revert has changes
        row = rows_to_open(model)[0]
        versions = history.history_of(model).filter(**{model._meta.pk.attname: row.pk})
        return [versions.last().history_id]
    label = name.removesuffix("_id")
    target = next((m for m in admin.site._registry if m._meta.model_name == label), None)
    if not name.endswith("_id") or target is None:
        raise AssertionError(f"No value for <{name}> in {model.__name__}'s admin URLs.")
    return [row.pk for row in rows_to_open(target)]


def model_admin_urls():
    """(URL name, address) for every URL of every ModelAdmin, once per row to open."""
    for model, model_admin in admin.site._registry.items():
        for pattern in model_admin.get_urls():
            if pattern.name is None:  # Django's old `<id>/` address, a redirect to change
                continue
            names = list(pattern.pattern.converters)
            for values in itertools.product(*(argument_values(model, n) for n in names)):
                kwargs = dict(zip(names, values, strict=True))
                yield pattern.name, reverse(f"admin:{pattern.name}", kwargs=kwargs)


def autocomplete_urls():
    """The lookups behind every autocomplete field, on admin forms and their inlines."""
    urls = []
    for model_admin in admin.site._registry.values():
        for form_admin in [model_admin, *model_admin.inlines]:
            for field in form_admin.autocomplete_fields:
                query = {
                    "app_label": form_admin.model._meta.app_label,
                    "model_name": form_admin.model._meta.model_name,
                    "field_name": field,
                    "term": "a",
                }
                urls.append(f"{reverse('admin:autocomplete')}?{urlencode(query)}")
    return urls


def site_urls():
    labels = sorted({model._meta.app_label for model in admin.site._registry})
    return [
        reverse("admin:index"),
        *(reverse("admin:app_list", args=[label]) for label in labels),
        *(url for _name, url in model_admin_urls()),
        *autocomplete_urls(),
    ]


def describe_error(response):
    """The exception and the innermost project line it came from, for the failure message.

    pyproject.toml turns RuntimeWarnings into errors, so a warning raised in a view shows here.
    """
    if not response.exc_info:
        return ""
    kind, error, tb = response.exc_info
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "site-packages" not in f.filename] or frames
    return f" {kind.__name__}: {error} at {ours[-1].filename}:{ours[-1].lineno}"


@pytest.fixture
def site_data(writer, editor, reviewer, staff, superuser):
    editorial_data(writer, editor, reviewer)


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_opens_without_a_server_error(client, request, site_data, role):
    client.force_login(request.getfixturevalue(role))
    # Keep going after a server error, so the failure lists every page that has one.
    client.raise_request_exception = False

    responses = [(url, client.get(url)) for url in site_urls()]

    failures = [
        f"{role} GET {url} -> {r.status_code}{describe_error(r)}"
        for url, r in responses
        if r.status_code >= 500
    ]
    assert not failures, f"{len(failures)} admin page(s) answered 5xx:\n" + "\n".join(failures)


def test_the_data_set_gives_every_admin_url_an_address(site_data):
    offered = {p.name for a in admin.site._registry.values() for p in a.get_urls() if p.name}
    standard = {
        f"{model._meta.app_label}_{model._meta.model_name}_{page}"
        for model in admin.site._registry
        for page in ("changelist", "add", "change", "delete", "history")
    }

    opened = {name for name, _url in model_admin_urls()}

    assert standard <= offered
    missing = sorted(offered - opened)
    assert not missing, f"Add rows to editorial_data so these pages are opened: {missing}"


def test_a_versions_own_history_page_lists_its_log_entries(client, superuser, editor):
    version = ArticleVersionFactory(live=True, title="Online MBA costs")
    other = ArticleVersionFactory(live=True, title="Online MPH costs")
    log = LogEntry.objects.log_actions
    log(editor.pk, [version], CHANGE, "Fixed a typo in the dek.", single_object=True)
    log(superuser.pk, [version], CHANGE, "Linked the tuition source.", single_object=True)
    log(editor.pk, [other], CHANGE, "Changed another guide.", single_object=True)
    client.force_login(superuser)

    response = client.get(f"/admin/articles/articleversion/{version.pk}/history/")

    assert response.status_code == 200
    page = response.text
    assert "Fixed a typo in the dek." in page
    assert "Linked the tuition source." in page
    assert "Changed another guide." not in page
    assert [e.change_message for e in response.context["action_list"]] == [
        "Fixed a typo in the dek.",
        "Linked the tuition source.",
    ]
