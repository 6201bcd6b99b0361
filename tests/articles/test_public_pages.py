"""Guide list, guide page, topic pages, people list and bio pages, as a reader sees them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import SitePage
from tests.articles.factories import (
    ArticleVersionFactory,
    PersonFactory,
    TopicFactory,
    live_article,
)
from tests.articles.public_data import DRAFT_MARK, add_draft, live_guide, person_with_portrait
from tests.careers.factories import CareerFactory

pytestmark = pytest.mark.django_db


def test_guide_page_shows_every_block_of_the_seed_page(client):
    article = live_guide(related=2)
    SitePage.objects.create(
        slug="advertising-disclosure",
        title="Advertising disclosure",
        summary="We are an advertising-supported site.",
        body="Text.",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    version = article.live_version
    assert f"<h1>{version.title}</h1>" in html
    assert version.dek in html
    assert "Edited by" in html
    assert "Edna Editor" in html
    assert "Reviewed by" in html
    assert "Rhea Reviewer" in html
    assert "Read full bio" in html
    assert "Updated on <time" in html
    assert 'href="/editorial-process/"' in html
    assert "We are an advertising-supported site." in html
    assert 'href="/programs/match/"' in html
    assert "Table of contents" in html
    assert 'href="#first-section"' in html
    assert '<h2 id="first-section">First section</h2>' in html
    assert "Live program 0" in html
    assert "Live program 1" in html
    assert "Live career 0" in html
    assert "Median Annual Salary:" in html
    assert "<details" in html
    assert "<summary>Live question 1?</summary>" in html
    assert "Source list" in html
    assert "Live source 1" in html
    assert "Compare your school options" in html
    assert 'href="/programs/"' in html


def test_guide_page_shows_the_date_of_the_last_substantive_change(client):
    article = live_article()
    html = client.get(article.get_absolute_url()).content.decode()
    updated_on = timezone.localdate(article.content_updated_at)
    assert f'Updated on <time datetime="{updated_on:%Y-%m-%d}"' in html


def test_partner_programs_are_marked_on_the_guide_page(client):
    article = live_guide(related=2)
    html = client.get(article.get_absolute_url()).content.decode()
    partner_card = html.split("Live program 0", 1)[1].split("</article>", 1)[0]
    other_card = html.split("Live program 1", 1)[1].split("</article>", 1)[0]
    assert "Partner" in partner_card
    assert "Partner" not in other_card


def test_byline_bio_is_cut_at_a_word_with_an_ellipsis(client):
    bio = "Word " * 80
    author = PersonFactory(short_bio=bio.strip())
    html = client.get(live_article(author=author).get_absolute_url()).content.decode()
    clipped = html.split('class="byline-card__bio">', 1)[1].split("</p>", 1)[0]
    assert clipped.endswith("Word…")
    assert len(clipped) <= 201


def test_byline_portrait_is_a_rendition_with_width_height_beside_the_name(client):
    author = person_with_portrait(name="Pat Portrait")
    html = client.get(live_article(author=author).get_absolute_url()).content.decode()
    # Drawn at 40 px in the compact byline row; the name next to it says who it is.
    assert 'width="40" height="40" alt="">' in html
    assert "-fill-120x120.webp" in html
    assert '<span class="byline__name">Pat Portrait</span>' in html


def test_career_card_shows_average_salary_and_missing_outlook_as_stored(client):
    article = live_article()
    article.live_version.careers.add(
        CareerFactory(
            salary=114980,
            salary_statistic="average",
            outlook_percent=None,
            education="bachelors",
        ),
        CareerFactory(
            salary=131490, outlook_percent=21, outlook_start_year=2021, outlook_end_year=2031
        ),
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Average Annual Salary:</span> $114,980" in html
    assert "Job Outlook:</span> Not Available" in html
    assert "Median Annual Salary:</span> $131,490" in html
    assert "Job Outlook (2021-31):</span> +21%" in html
    assert "Required Education:</span> Bachelor&#x27;s degree" in html


def test_unpublished_programs_and_careers_stay_off_the_guide_page(client):
    from tests.programs.factories import ProgramFactory

    article = live_article()
    article.live_version.programs.add(ProgramFactory(name="Hidden program", unpublished=True))
    article.live_version.careers.add(CareerFactory(title="Hidden career", is_published=False))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Hidden program" not in html
    assert "Hidden career" not in html


def test_guide_body_is_sanitized_on_the_page(client):
    article = live_article(
        body="## Safe\n\n<script>alert('x')</script><a href=\"javascript:x\">x</a>"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "alert('x')" not in html
    assert "javascript:" not in html


@pytest.mark.parametrize("state", ["draft", "in_review", "approved"])
def test_unpublished_guide_is_a_404(client, state):
    traits = {"in_review": {"in_review": True}, "approved": {"approved": True}}.get(state, {})
    version = ArticleVersionFactory(**traits)
    assert client.get(f"/articles/{version.article.slug}/").status_code == 404


def test_unknown_guide_slug_is_a_404(client):
    assert client.get("/articles/no-such-guide/").status_code == 404


def test_draft_text_never_appears_on_any_guide_page(client):
    article = live_guide()
    draft = add_draft(article)
    person = article.live_version.author
    urls = [
        article.get_absolute_url(),
        reverse("articles:list"),
        article.topic.get_absolute_url(),
        reverse("articles:people"),
        person.get_absolute_url(),
        "/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert DRAFT_MARK not in response.content.decode(), url
    assert client.get(draft.author.get_absolute_url()).status_code == 404
    guide_html = client.get(article.get_absolute_url()).content.decode()
    assert "Draft-only program" not in guide_html
    assert "Draft-only career" not in guide_html


def test_guide_list_shows_live_guides_only(client):
    live = live_article(title="A live guide")
    ArticleVersionFactory(title="A draft guide")
    html = client.get("/articles/").content.decode()
    assert "A live guide" in html
    assert live.get_absolute_url() in html
    assert "A draft guide" not in html


def test_guide_list_paginates(client):
    for _ in range(21):
        live_article()
    first = client.get("/articles/").content.decode()
    second = client.get("/articles/?page=2").content.decode()
    assert "Page 1 of 2" in first
    assert 'rel="next"' in first
    assert "Page 2 of 2" in second
    assert 'rel="prev"' in second


@pytest.mark.parametrize("page", ["0", "-1", "999", "abc", "1.5", "%00"])
def test_bad_page_numbers_give_a_page_not_an_error(client, page):
    live_article()
    for url in ("/articles/", "/people/", "/careers/"):
        assert client.get(url, {"page": page}).status_code == 200


def test_topic_page_lists_its_live_guides(client):
    topic = TopicFactory(name="Data Science", description="Guides on data.")
    live_article(article__topic=topic, title="Data guide")
    live_article(title="Other guide")
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "<h1>Data Science</h1>" in html
    assert "Data guide" in html
    assert "Other guide" not in html


def test_unknown_topic_is_a_404(client):
    assert client.get("/topics/nothing-here/").status_code == 404


def test_people_list_shows_only_people_on_live_guides(client):
    live_article(author=PersonFactory(name="Live Writer"))
    ArticleVersionFactory(author=PersonFactory(name="Draft Writer"))
    html = client.get("/people/").content.decode()
    assert "Live Writer" in html
    assert "Draft Writer" not in html


def test_bio_page_lists_guides_by_role(client):
    person = PersonFactory(name="Morgan Many", full_bio="## Background\n\nLong **bio**.")
    live_article(author=person, title="Written guide")
    live_article(editor=person, title="Edited guide")
    live_article(reviewer=person, title="Reviewed guide")
    html = client.get(person.get_absolute_url()).content.decode()
    assert "<h1>Morgan Many</h1>" in html
    assert "<strong>bio</strong>" in html
    assert "Written guide" in html
    assert "Edited guide" in html
    assert "Reviewed guide" in html
    assert "Guides written by Morgan Many" in html
    assert "Guides edited by Morgan Many" in html
    assert "Guides reviewed by Morgan Many" in html


def test_bio_page_does_not_list_a_guide_only_drafted(client):
    person = PersonFactory()
    live_article(author=person, title="Live one")
    ArticleVersionFactory(author=person, title="Only a draft")
    html = client.get(person.get_absolute_url()).content.decode()
    assert "Live one" in html
    assert "Only a draft" not in html


def test_unknown_person_is_a_404(client):
    assert client.get("/people/nobody/").status_code == 404


def test_pages_carry_title_description_canonical_and_social_tags(client):
    article = live_article(title="Meta guide", dek="Meta summary.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<title>Meta guide | " in html
    assert '<meta name="description" content="Meta summary.">' in html
    assert (
        f'<link rel="canonical" href="http://127.0.0.1:8000{article.get_absolute_url()}">' in html
    )
    assert '<meta property="og:title" content="Meta guide">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_guide_page_has_breadcrumbs(client):
    article = live_article(title="Crumb guide")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'aria-label="Breadcrumb"' in html
    assert f'href="{article.topic.get_absolute_url()}"' in html
    assert 'aria-current="page">Crumb guide</a>' in html


def test_guide_page_shows_a_new_live_version_at_once(client):
    from django.utils import timezone

    article = live_article(body="## Old heading\n\nOld text.")
    assert "Old text." in client.get(article.get_absolute_url()).content.decode()
    old = article.live_version
    old.state = "archived"
    old.save(update_fields=["state"])
    ArticleVersionFactory(
        article=article, live=True, body="## New heading\n\nNew text.", published_at=timezone.now()
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "New text." in html
    assert "Old text." not in html


def test_cached_guide_page_drops_a_program_as_soon_as_it_is_unpublished(client):
    article = live_guide(related=2)
    assert "Live program 1" in client.get(article.get_absolute_url()).content.decode()
    program = article.live_version.programs.get(name="Live program 1")
    program.is_published = False
    program.save()
    assert "Live program 1" not in client.get(article.get_absolute_url()).content.decode()


def test_cached_guide_page_is_gone_once_the_guide_is_unpublished(client):
    article = live_article()
    assert client.get(article.get_absolute_url()).status_code == 200
    article.live_version = None
    article.save(update_fields=["live_version"])
    assert client.get(article.get_absolute_url()).status_code == 404


def test_signed_in_staff_get_a_fresh_page_not_the_shared_copy(client, staff):
    article = live_article(title="Fresh for staff")
    client.get(article.get_absolute_url())
    client.force_login(staff)
    assert "Fresh for staff" in client.get(article.get_absolute_url()).content.decode()


def test_programs_widget_gives_the_live_tuition_range_of_each_field_shown(client):
    from decimal import Decimal

    from tests.programs.factories import ProgramFactory

    article = live_guide(related=1)  # one Machine Learning program at $30,000
    ProgramFactory(tuition_amount=Decimal("12000"))
    dear = ProgramFactory(tuition_amount=Decimal("70000"))
    ProgramFactory(tuition_amount=Decimal("99000"), unpublished=True)
    ProgramFactory(field="Cybersecurity", tuition_amount=Decimal("5000"))
    ProgramFactory(field="machine learning", tuition_amount=Decimal("20000"))  # one field
    url = article.get_absolute_url()

    html = client.get(url).content.decode()

    assert (
        "Across the 4 published Machine Learning programs in our directory, total tuition ranges "
        "from $12,000 to $70,000." in html
    )
    assert 'href="/programs/?field=machine-learning">See every Machine Learning program' in html
    assert "Cybersecurity" not in html  # no program of that field is in the widget

    dear.tuition_amount = Decimal("75000")
    dear.save()  # the cached page is dropped with the change
    assert "ranges from $12,000 to $75,000." in client.get(url).content.decode()


def test_faq_answers_repeat_no_heading_id_of_the_body(client):
    from tests.articles.factories import FAQFactory

    article = live_guide(related=0)
    version = article.live_version
    version.body = "## Costs\n\nText."
    version.save()
    FAQFactory(version=version, question="How much?", answer="## Costs\n\nIt depends.")

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.count('id="costs"') == 1
