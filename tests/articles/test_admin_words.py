"""Names and words in the admin: the site's name, "guides", readable filters, no action a
person cannot use, and messages written as sentences."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import permissions, workflow
from articles.models import Article, ArticleVersion
from tests.articles.admin_support import change_url, form_data, review_url, signed_in
from tests.articles.factories import ArticleFactory, ArticleVersionFactory, live_article

State = ArticleVersion.State


def visible(html):
    """The words on the page a person can read (no tags, scripts or styles)."""
    html = re.sub(r"<(script|style|svg|template)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# The site's name ------------------------------------------------------------------------


def test_the_admin_header_and_title_carry_the_site_name(client, editor):
    page = signed_in(client, editor).get(reverse("admin:index")).content.decode()

    assert "<title>Your desk | Guidesite admin</title>" in page
    assert re.search(r'<div id="site-name"><a href="/admin/">Guidesite admin</a>', page)
    assert "Django administration" not in page
    assert "Django site admin" not in page


def test_the_site_name_comes_from_the_setting(client, db, settings):
    settings.SITE_NAME = "Grad Guides"

    page = client.get(reverse("admin:login")).content.decode()

    assert "Grad Guides admin" in page
    assert "Django" not in visible(page)


# Guides, not articles --------------------------------------------------------------------


@pytest.fixture
def admin_pages(draft_with_new_link):
    draft = draft_with_new_link
    return [
        reverse("admin:index"),
        reverse("admin:app_list", args=["articles"]),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[draft.article_id]),
        reverse("admin:articles_articleversion_changelist"),
        change_url(draft),
        change_url(draft.article.live_version),
        reverse("admin:articles_articleversion_add"),
        review_url(draft),
        reverse("admin:articles_articleversion_queue"),
        reverse("admin:articles_articleversion_scheduled"),
        reverse("admin:articles_articleversion_guide_history", args=[draft.article_id]),
    ]


@pytest.mark.parametrize("role", ["writer", "editor", "reviewer"])
def test_admin_pages_say_guides_not_articles(request, client, admin_pages, role):
    client.force_login(request.getfixturevalue(role))
    said = {}
    for url in admin_pages:
        response = client.get(url)
        if response.status_code == 200:
            words = visible(response.content.decode())
            said[url] = re.findall(r"[^.]{0,30}\barticles?\b[^.]{0,30}", words, flags=re.I)

    assert {url: found for url, found in said.items() if found} == {}
    assert "Guide versions" in visible(client.get(reverse("admin:index")).content.decode())


def test_a_versions_guide_is_labelled_guide(client, draft_with_new_link, writer):
    page = signed_in(client, writer).get(change_url(draft_with_new_link)).content.decode()
    listing = client.get(reverse("admin:articles_articleversion_changelist")).content.decode()
    adding = client.get(reverse("admin:articles_articleversion_add")).content.decode()

    assert "Guide:" in visible(page)
    assert "column-guide" in listing
    assert re.search(r'<label[^>]*for="id_article">Guide:</label>', adding)


# Filters --------------------------------------------------------------------------------


@pytest.fixture
def three_guides(db):
    """A live guide, a guide not yet live, and a guide taken down."""
    live = live_article(title="Live guide")
    draft_only = ArticleVersionFactory(title="Draft-only guide").article
    gone = live_article(title="Gone guide")
    ArticleVersion.objects.filter(pk=gone.live_version_id).update(state=State.WITHDRAWN)
    Article.objects.filter(pk=gone.pk).update(live_version=None, taken_down_at=timezone.now())
    return {"live": live, "not_live": draft_only, "taken_down": gone}


def test_guide_filters_have_readable_names(client, three_guides, editor):
    page = signed_in(client, editor).get(reverse("admin:articles_article_changelist"))

    words = visible(page.content.decode())
    assert "Featured All Yes No" in words
    assert "On the site All Live Not live Taken down" in words
    for unreadable in ["By is featured", "By live version", "Not empty", "By "]:
        assert unreadable not in words


@pytest.mark.parametrize(
    ("choice", "shown"), [("yes", "live"), ("no", "not_live"), ("taken-down", "taken_down")]
)
def test_the_on_the_site_filter_picks_the_right_guides(client, three_guides, editor, choice, shown):
    page = signed_in(client, editor).get(
        reverse("admin:articles_article_changelist"), {"on_site": choice}
    )

    listed = {
        name
        for name, guide in three_guides.items()
        if f"/{guide.pk}/change/" in page.content.decode()
    }
    assert listed == {shown}


# No action a person cannot use ----------------------------------------------------------


@pytest.mark.parametrize("role", ["writer", "editor", "superuser"])
def test_no_delete_action_on_guides(request, client, draft_with_new_link, role):
    client.force_login(request.getfixturevalue(role))

    page = client.get(reverse("admin:articles_article_changelist")).content.decode()

    assert "delete_selected" not in page


def test_a_writer_sees_no_delete_or_add_another_on_their_work(client, writer):
    # Their own guide, never published, with a first draft: still nothing they could delete.
    draft = ArticleVersionFactory(author=writer.person, created_by=writer, title="First draft")
    client.force_login(writer)

    guide_page = client.get(reverse("admin:articles_article_change", args=[draft.article_id]))
    version_page = client.get(change_url(draft))
    add_page = client.get(reverse("admin:articles_articleversion_add"))

    for response in (guide_page, version_page, add_page):
        page = response.content.decode()
        assert response.status_code == 200
        assert 'class="deletelink"' not in page
        assert "Add another guide version" not in page
    # One version of a guide is in progress at a time: version pages offer no "add another".
    for response in (version_page, add_page):
        assert 'name="_addanother"' not in response.content.decode()
    assert "Save and submit for review" in version_page.content.decode()


def test_a_guide_without_versions_can_still_be_deleted_by_an_editor(client, editor):
    empty = ArticleFactory()

    page = signed_in(client, editor).get(reverse("admin:articles_article_change", args=[empty.pk]))

    assert 'class="deletelink"' in page.content.decode()


# Messages as sentences -------------------------------------------------------------------


def test_saving_a_draft_says_so_in_a_sentence(client, draft_with_new_link, writer):
    response = signed_in(client, writer).post(
        change_url(draft_with_new_link), form_data(draft_with_new_link), follow=True
    )

    page = response.content.decode()
    assert f"Saved version {draft_with_new_link.number} of “Better title”." in page
    assert "successfully" not in page
    assert "(v" not in visible(page).split("Saved version")[1][:80]


def test_adding_a_first_version_says_so_in_a_sentence(client, writer):
    article = ArticleFactory()
    data = {
        "article": article.pk,
        "title": "A new guide",
        "dek": "Summary.",
        "body": "Body.",
        "author": writer.person.pk,
        "change_note": "First version",
        "loaded_edit_count": 0,
    }
    for prefix in ("faqs", "sources", "program_links", "career_links"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})

    response = signed_in(client, writer).post(
        reverse("admin:articles_articleversion_add"), data, follow=True
    )

    page = response.content.decode()
    assert "Saved version 1 of “A new guide”." in page
    assert "was added successfully" not in page


@pytest.mark.parametrize(
    ("action", "phrase"),
    [("approve", "approve"), ("schedule", "schedule"), ("request_changes", "send back")],
)
def test_the_four_eyes_refusal_reads_well_for_every_decision(
    guide_with_link, superuser, action, phrase
):
    version = workflow.start_draft(guide_with_link, superuser)
    workflow.submit(version, superuser)

    answer = permissions.check(version, superuser, action)

    assert answer.reason == (
        "You created or edited this version, or are named as its author or editor, so you may "
        f"not {phrase} this version: another reviewer must decide on it (four-eyes rule)."
    )


def test_every_action_says_what_it_does_when_refused_for_the_state():
    assert set(permissions.DONE) == set(permissions.ACTIONS)


@pytest.mark.parametrize(
    ("state", "action", "sentence"),
    [
        (
            State.ARCHIVED,
            "submit",
            "Only a version that is a draft can be submitted for review; "
            "version {n} is an earlier live version.",
        ),
        (
            State.DRAFT,
            "restore",
            "Only a version that is an earlier live version or discarded can be restored; "
            "version {n} is a draft.",
        ),
        (
            State.LIVE,
            "discard",
            "Only a version that is a draft, in review or approved can be discarded; "
            "version {n} is live.",
        ),
        (
            State.ARCHIVED,
            "save",
            "Version {n} is an earlier live version and cannot be changed; use Edit to start a "
            "new draft from it.",
        ),
    ],
)
def test_refusals_for_the_wrong_state_read_as_sentences(editor, state, action, sentence):
    version = ArticleVersionFactory(state=state)

    answer = permissions.check(version, editor, action, open_version=None)

    assert answer.reason == sentence.format(n=version.number)
