"""The version form as a place to write: live preview endpoint, outline, length, warnings, the
"Submit for review" confirmation, placement markers on the public page, inline order."""

import pytest
from django.test import Client
from django.urls import reverse

from articles import workflow
from articles.models import ArticleVersion
from tests.articles.admin_support import change_url, form_data, preview_url, signed_in
from tests.articles.factories import FAQFactory, live_article
from tests.careers.factories import CareerFactory
from tests.programs.factories import ProgramFactory

State = ArticleVersion.State
RENDER_URL = reverse("admin:articles_articleversion_render_preview")

BODY = """\
Intro paragraph.

## Popular programs

Contact the schools below.

[[programs]]

## Jobs for graduates

Four roles graduates pursue.

[[careers]]

## How to choose

- **Cost:** compare tuition.
"""


@pytest.fixture
def guide_with_widgets(writer):
    """A live guide whose body places its two programs and two careers with markers."""
    article = live_article(author=writer.person, title="Master's in ML", body=BODY)
    version = article.live_version
    for order, name in enumerate(["Second program", "First program"][::-1]):
        version.program_links.create(program=ProgramFactory(name=name), order=order)
    for order, title in enumerate(["Data Scientist", "ML Engineer"]):
        version.career_links.create(career=CareerFactory(title=title), order=order)
    FAQFactory(version=version, question="Is it online?")
    return article


def _post_preview(client, version, **extra):
    data = {
        "title": version.title,
        "body": version.body,
        "programs": list(version.program_links.values_list("program_id", flat=True)),
        "careers": list(version.career_links.values_list("career_id", flat=True)),
        "faqs": "1" if version.faqs.exists() else "0",
        **extra,
    }
    return client.post(RENDER_URL, data)


# The live preview endpoint --------------------------------------------------------------


def test_the_live_preview_is_the_html_the_public_page_shows(client, guide_with_widgets, writer):
    version = guide_with_widgets.live_version
    public = client.get(guide_with_widgets.get_absolute_url()).content.decode()

    answer = _post_preview(signed_in(client, writer), version).json()

    assert answer["html"].strip() in public
    assert answer["html"].index("Contact the schools below.") < answer["html"].index(
        "First program"
    )
    assert answer["html"].index("First program") < answer["html"].index("Jobs for graduates")
    assert answer["html"].index("Four roles") < answer["html"].index("Data Scientist")
    assert "[[" not in answer["html"]
    assert "[[" not in public


def test_the_preview_outline_is_the_public_table_of_contents(client, guide_with_widgets, writer):
    answer = _post_preview(signed_in(client, writer), guide_with_widgets.live_version).json()

    assert answer["outline"] == [
        {"id": "popular-programs", "name": "Popular programs", "level": 2},
        {"id": "jobs-for-graduates", "name": "Jobs for graduates", "level": 2},
        {"id": "how-to-choose", "name": "How to choose", "level": 2},
        {"id": "faq", "name": "Questions", "level": 2},
    ]
    public = client.get(guide_with_widgets.get_absolute_url()).content.decode()
    for entry in answer["outline"]:
        assert f'<a href="#{entry["id"]}">{entry["name"]}</a>' in public


def test_without_markers_the_widgets_follow_the_body_with_their_headings(
    client, guide_with_widgets, writer
):
    version = guide_with_widgets.live_version
    body = "Intro.\n\n## Costs\n\nTuition."

    answer = _post_preview(signed_in(client, writer), version, body=body).json()

    assert answer["html"].index("Tuition.") < answer["html"].index("Popular online programs")
    assert [e["name"] for e in answer["outline"]] == [
        "Costs",
        "Popular online programs",
        "Careers",
        "Questions",
    ]


def test_the_preview_gives_length_and_warnings_for_the_text_sent(client, writer):
    body = "## Costs\n\n#### Loans\n\nSee [BLS](http://bls.gov/)."

    answer = signed_in(client, writer).post(RENDER_URL, {"title": "T", "body": body}).json()

    assert (answer["words"], answer["minutes"]) == (4, 1)
    assert len(answer["warnings"]) == 2
    assert "skips a level" in answer["warnings"][0]
    assert "http://bls.gov/ is not https" in answer["warnings"][1]


def test_the_preview_is_never_cached_or_indexed(client, writer):
    response = signed_in(client, writer).post(RENDER_URL, {"body": "Text."})

    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_unpublished_programs_and_bad_ids_are_left_out_not_an_error(client, writer):
    hidden = ProgramFactory(name="Hidden program", unpublished=True)
    shown = ProgramFactory(name="Shown program")

    response = signed_in(client, writer).post(
        RENDER_URL,
        {"body": "Text.", "programs": ["abc", "-3", str(hidden.pk), str(shown.pk), "999999"]},
    )

    assert response.status_code == 200
    assert "Shown program" in response.json()["html"]
    assert "Hidden program" not in response.json()["html"]


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_the_preview_is_a_404_for_whoever_may_not_view_versions(request, client, role):
    user = request.getfixturevalue(role)
    if user.is_authenticated:
        client.force_login(user)

    assert client.post(RENDER_URL, {"body": "Secret draft."}).status_code == 404
    assert client.get(RENDER_URL).status_code == 404


@pytest.mark.parametrize("role", ["writer", "editor", "reviewer", "superuser"])
def test_the_preview_answers_every_role_that_views_versions(request, client, role):
    response = signed_in(client, request.getfixturevalue(role)).post(RENDER_URL, {"body": "Hi."})

    assert response.status_code == 200
    assert response.json()["html"].strip().startswith('<div class="prose">')


def test_the_preview_only_answers_post(client, writer):
    assert signed_in(client, writer).get(RENDER_URL).status_code == 405


def test_the_preview_needs_the_csrf_token(writer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    form = client.get(reverse("admin:articles_articleversion_add"))
    token = form.cookies["csrftoken"].value

    refused = client.post(RENDER_URL, {"body": "Text."})
    accepted = client.post(RENDER_URL, {"body": "Text.", "csrfmiddlewaretoken": token})

    assert refused.status_code == 403
    assert accepted.status_code == 200


# The form without JavaScript ------------------------------------------------------------


def test_the_form_shows_outline_length_warnings_and_preview_link_for_the_saved_text(client, writer):
    article = live_article(author=writer.person, title="A guide")
    draft = workflow.start_draft(article, writer)
    draft.body = "## Costs\n\n#### Loans\n\nTuition " + "word " * 300
    workflow.save_draft(draft, writer)

    page = signed_in(client, writer).get(change_url(draft)).content.decode()

    assert 'id="editor-outline"' in page
    assert f'<a href="{preview_url(draft)}#costs">Costs</a>' in page
    assert '303</span> words · about <span id="editor-minutes">2</span> minutes' in page
    assert "The heading “Loans” skips a level" in page
    assert f'href="{preview_url(draft)}" id="saved-preview-link"' in page
    assert f'data-render-url="{RENDER_URL}"' in page
    assert "articles/admin/editor.js" in page


def test_a_new_version_gets_the_writing_desk_before_its_first_save(client, writer):
    page = signed_in(client, writer).get(reverse("admin:articles_articleversion_add")).text

    assert f'data-render-url="{RENDER_URL}"' in page
    assert "Save the draft to preview it." in page
    assert "workflow-actions" not in page


def test_the_body_help_text_explains_the_markers(client, open_draft, writer):
    page = signed_in(client, writer).get(change_url(open_draft)).content.decode()

    assert "<code>[[programs]]</code>" in page
    assert "<code>[[careers]]</code>" in page


def test_the_editor_script_is_loaded_from_a_file_the_csp_allows(client, open_draft, writer):
    response = signed_in(client, writer).get(change_url(open_draft))

    assert '<script src="/static/articles/admin/editor.js" defer></script>' in response.text
    assert "'self'" in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]


def test_line_breaks_in_the_title_and_summary_become_spaces(client, draft_with_new_link, writer):
    signed_in(client, writer).post(
        change_url(draft_with_new_link),
        form_data(draft_with_new_link, title="Two\r\nlines", dek="A  summary\nin parts."),
    )

    draft_with_new_link.refresh_from_db()
    assert (draft_with_new_link.title, draft_with_new_link.dek) == (
        "Two lines",
        "A summary in parts.",
    )


# Submitting with warnings ---------------------------------------------------------------


def test_save_and_submit_with_warnings_asks_first_and_keeps_the_draft(
    client, draft_with_new_link, writer
):
    response = signed_in(client, writer).post(
        change_url(draft_with_new_link),
        form_data(draft_with_new_link, body="## Costs\n\n## Jobs\n\nRoles.", _submit="1"),
        follow=True,
    )

    draft_with_new_link.refresh_from_db()
    assert draft_with_new_link.state == State.DRAFT
    assert draft_with_new_link.body.startswith("## Costs")
    assert response.redirect_chain[-1][0] == reverse(
        "admin:articles_articleversion_confirm_submit", args=[draft_with_new_link.pk]
    )
    page = response.content.decode()
    assert f"Saved version {draft_with_new_link.number}" in page
    assert "The section “Costs” is empty" in page
    assert "Submit for review anyway" in page


def test_submitting_anyway_from_the_confirmation_sends_it_to_review(
    client, draft_with_new_link, writer
):
    draft_with_new_link.body = "## Costs\n\n## Jobs\n\nRoles."
    workflow.save_draft(draft_with_new_link, writer)
    signed_in(client, writer)
    page = client.get(
        reverse("admin:articles_articleversion_confirm_submit", args=[draft_with_new_link.pk])
    ).content.decode()
    action = reverse("admin:articles_articleversion_act", args=[draft_with_new_link.pk, "submit"])
    assert f'action="{action}"' in page

    client.post(action)

    draft_with_new_link.refresh_from_db()
    assert draft_with_new_link.state == State.IN_REVIEW


def test_the_bar_sends_submit_through_the_confirmation_only_when_there_are_warnings(
    client, draft_with_new_link, writer
):
    confirm = reverse("admin:articles_articleversion_confirm_submit", args=[draft_with_new_link.pk])
    clean_page = signed_in(client, writer).get(change_url(draft_with_new_link)).content.decode()
    draft_with_new_link.body = "### Too deep\n\nText."
    workflow.save_draft(draft_with_new_link, writer)
    warned_page = client.get(change_url(draft_with_new_link)).content.decode()

    assert f'href="{confirm}"' not in clean_page
    assert f'id="submit-saved" href="{confirm}"' in warned_page


def test_the_confirmation_says_why_someone_may_not_submit(client, draft_with_new_link, reviewer):
    page = (
        signed_in(client, reviewer)
        .get(reverse("admin:articles_articleversion_confirm_submit", args=[draft_with_new_link.pk]))
        .content.decode()
    )

    assert "You may not submit this guide for review" in page
    assert "submit-anyway" not in page


def test_the_confirmation_is_a_404_for_staff_who_may_not_view_versions(
    client, draft_with_new_link, staff
):
    url = reverse("admin:articles_articleversion_confirm_submit", args=[draft_with_new_link.pk])

    assert signed_in(client, staff).get(url).status_code == 404


# Placement markers on the public page ---------------------------------------------------


def test_the_public_page_shows_the_widgets_at_the_markers_and_never_the_marker_text(
    client, guide_with_widgets
):
    whole = client.get(guide_with_widgets.get_absolute_url()).content.decode()
    page = whole[whole.index('<div class="guide__main">') :]

    assert "[[programs]]" not in whole
    assert "[[careers]]" not in whole
    assert page.index("Contact the schools below.") < page.index("First program")
    assert page.index("First program") < page.index("Jobs for graduates")
    assert page.index("Four roles graduates pursue.") < page.index("Data Scientist")
    assert page.index("Data Scientist") < page.index("How to choose")
    # Placed in a section of the body, the widgets have no heading of their own.
    assert 'id="programs-title"' not in page
    assert 'id="careers-title"' not in page


def test_the_staff_preview_places_the_widgets_as_the_public_page_does(
    client, guide_with_widgets, writer
):
    whole = signed_in(client, writer).get(preview_url(guide_with_widgets.live_version)).text
    page = whole[whole.index('<div class="guide__main">') :]

    assert "[[programs]]" not in whole
    assert page.index("Contact the schools below.") < page.index("First program")
    assert page.index("First program") < page.index("Jobs for graduates")


# Inline order without JavaScript --------------------------------------------------------


def test_the_order_fields_reorder_faqs_and_sources_without_javascript(client, writer):
    article = live_article(author=writer.person)
    draft = workflow.start_draft(article, writer)
    first = FAQFactory(version=draft, question="First?", order=1)
    second = FAQFactory(version=draft, question="Second?", order=2)
    data = form_data(draft)
    faq_rows = {data[f"faqs-{i}-id"]: i for i in range(2)}
    data[f"faqs-{faq_rows[first.pk]}-order"] = 2
    data[f"faqs-{faq_rows[second.pk]}-order"] = 1

    signed_in(client, writer).post(change_url(draft), data)

    assert [faq.question for faq in draft.faqs.all()] == ["Second?", "First?"]
    page = client.get(preview_url(draft)).text
    assert page.index("Second?") < page.index("First?")
