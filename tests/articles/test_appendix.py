"""A version's FAQ entries and sources are stored with it (articles/appendix.py): the guide page
reads them from the version's row, and every way they change reaches the page."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import appendix, workflow
from articles.models import FAQ, ArticleVersion, Source
from core import markdown
from guidesite import data_check
from tests.articles.admin_support import preview_url
from tests.articles.factories import FAQFactory, SourceFactory, live_article

pytestmark = pytest.mark.django_db


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def tables_read(client, article):
    with CaptureQueriesContext(connection) as captured:
        page(client, article)
    return " ".join(query["sql"] for query in captured)


def test_the_page_shows_stored_entries_and_sources_without_reading_their_tables(client):
    article = live_article()
    FAQFactory(version=article.live_version, question="Is it online?", answer="**Fully** online.")
    SourceFactory(
        version=article.live_version,
        title="Survey & data",
        publisher="NCES",
        url="https://nces.example/survey?a=1&b=2",
        accessed_on=date(2026, 3, 4),
    )

    html = page(client, article)
    sql = tables_read(client, article.__class__.objects.get(pk=article.pk))

    assert "<summary>Is it online?</summary>" in html
    assert "<strong>Fully</strong> online." in html
    assert (
        '<a href="https://nces.example/survey?a=1&amp;b=2" rel="noopener">Survey &amp; data</a>'
        ", NCES. Accessed March 4, 2026." in html
    )
    assert FAQ._meta.db_table not in sql
    assert Source._meta.db_table not in sql


def test_an_answer_keeps_its_headings_without_ids_and_its_markup_sanitized(client):
    article = live_article()
    FAQFactory(
        version=article.live_version,
        question="<b>Costs</b>?",
        answer="## Fees\n\n<script>alert(1)</script> Low.",
    )

    html = page(client, article)

    assert "<summary>&lt;b&gt;Costs&lt;/b&gt;?</summary>" in html
    assert "<h2>Fees</h2>" in html
    assert "<script>alert(1)</script>" not in html


def test_a_source_marked_as_checked_shows_its_new_date_at_once(client, editor):
    article = live_article()
    source = SourceFactory(
        version=article.live_version, title="Old report", accessed_on=date(2023, 1, 9)
    )
    assert "Accessed January 9, 2023." in page(client, article)

    data_check.mark_checked(editor, "source", source.pk)

    html = page(client, article)
    today = timezone.localdate()
    assert f"Accessed {today:%B} {today.day}, {today.year}." in html
    assert "January 9, 2023" not in html


def test_editing_deleting_and_reordering_entries_reach_the_page(client):
    article = live_article()
    first = FAQFactory(version=article.live_version, question="First?", order=1)
    second = FAQFactory(version=article.live_version, question="Second?", order=2)
    gone = SourceFactory(version=article.live_version, title="Gone source")

    first.question = "First, reworded?"
    first.order = 3
    first.save()
    gone.delete()

    html = page(client, article)
    assert html.index("Second?") < html.index("First, reworded?")
    assert "Gone source" not in html
    assert 'id="sources"' not in html
    second.delete()
    first.delete()
    assert 'id="faq"' not in page(client, article)


def test_a_new_draft_carries_the_live_versions_entries_to_its_preview(client, superuser):
    article = live_article()
    FAQFactory(version=article.live_version, question="Carried over?")
    SourceFactory(version=article.live_version, title="Carried source")

    draft = workflow.start_draft(article, superuser)
    draft.faqs.create(question="Only in the draft?", answer="Yes.", order=9)
    client.force_login(superuser)
    response = client.get(preview_url(draft))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Carried over?" in html
    assert "Carried source" in html
    assert "Only in the draft?" in html
    # The public page still shows the live version's entries only.
    client.logout()
    assert "Only in the draft?" not in page(client, article)


def test_entries_written_without_signals_show_after_refresh(client):
    article = live_article()
    version = article.live_version
    FAQ.objects.bulk_create([FAQ(version=version, question="Bulk?", answer="Loaded.", order=1)])
    assert "Bulk?" not in page(client, article)

    appendix.refresh([version.pk])

    assert "Bulk?" in page(client, article)


def test_entries_stored_under_other_rules_or_never_are_read_from_the_rows(client, monkeypatch):
    article = live_article()
    FAQFactory(version=article.live_version, question="Still shown?", answer="*Yes*.")
    SourceFactory(version=article.live_version, title="Still cited")
    # As if the sanitizing rules changed since the answer was stored.
    monkeypatch.setattr(markdown, "rules_digest", lambda: "other-rules")
    assert "Still shown?" in page(client, article)
    # As a row written before the copies existed, or by bulk_create().
    ArticleVersion.objects.filter(pk=article.live_version.pk).update(
        faqs_rendered={}, sources_rendered={}
    )

    html = page(client, article)

    assert "Still shown?" in html
    assert "<em>Yes</em>." in html
    assert "Still cited" in html


def test_deleting_a_guide_with_entries_stores_nothing_and_fails_nowhere():
    article = live_article()
    FAQFactory(version=article.live_version)
    SourceFactory(version=article.live_version)
    article.live_version = None
    article.save()

    with CaptureQueriesContext(connection) as captured:
        ArticleVersion.objects.filter(article=article).delete()

    assert not FAQ.objects.exists()
    assert not Source.objects.exists()
    updates = [query["sql"] for query in captured if query["sql"].startswith("UPDATE")]
    assert not any("_rendered" in sql for sql in updates)
