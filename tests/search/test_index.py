"""The search index follows the public content: what goes live is found, what is taken down,
unpublished or only drafted is not, through single saves, bulk paths and the rebuild command."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles import workflow
from guidesite.models import SearchEntry
from guidesite.search import index
from programs import finder_rows
from programs.models import Program
from tests.articles.factories import (
    ArticleVersionFactory,
    FAQFactory,
    PersonFactory,
    TopicFactory,
    live_article,
)
from tests.articles.public_data import DRAFT_MARK, add_draft, live_guide
from tests.careers.factories import CareerFactory
from tests.programs.factories import CourseFactory, ProgramFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def found(client, query, **params):
    """The result links for a query."""
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return [result.url for result in response.context["search"].page_obj or []]


def guide_url(article):
    return article.get_absolute_url()


def test_a_guide_is_found_once_it_goes_live_through_the_workflow(client, writer, reviewer):
    draft = ArticleVersionFactory(title="Quokka habitats", author=writer.person)
    assert found(client, "quokka") == []

    workflow.submit(draft, writer)
    workflow.approve(draft, reviewer)

    assert found(client, "quokka") == [guide_url(draft.article)]


def test_a_new_live_version_replaces_the_old_text(client, writer, reviewer):
    article = live_article(title="Quokka habitats", author=writer.person)
    draft = workflow.start_draft(article, writer)
    draft.title = "Wombat habitats"
    workflow.save_draft(draft, writer)
    assert found(client, "wombat") == []  # a draft is never searched

    workflow.submit(draft, writer)
    workflow.approve(draft, reviewer)

    assert found(client, "wombat") == [guide_url(article)]
    assert found(client, "quokka") == []


def test_a_guide_is_counted_once_and_links_to_the_section_that_still_has_the_word(
    client, writer, reviewer
):
    body = "## Diet\n\nQuokkas eat leaves.\n\n## Habitat\n\nQuokkas live on islands."
    article = live_article(title="Island animals", body=body, author=writer.person)
    draft = workflow.start_draft(article, writer)
    draft.body = "## Diet\n\nThey eat leaves.\n\n## Habitat\n\nQuokkas live on islands."
    workflow.save_draft(draft, writer)
    workflow.submit(draft, writer)

    workflow.approve(draft, reviewer)

    search = client.get("/search/", {"q": "quokka"}).context["search"]
    assert search.counts == {"guides": 1}
    assert [result.url for result in search.page_obj] == [f"{guide_url(article)}#habitat"]
    assert found(client, "leaves") == [f"{guide_url(article)}#diet"]


def test_a_guide_taken_down_leaves_the_results_at_once(client, editor):
    article = live_guide(title="Quokka habitats")
    FAQFactory(version=article.live_version, question="Quokka diet?", answer="Leaves.")
    assert found(client, "quokka")

    workflow.unpublish(article, editor, "Legal request.")

    assert found(client, "quokka") == []
    assert found(client, "leaves") == []
    assert not SearchEntry.objects.filter(kind="guides", object_id=article.pk).exists()


def test_draft_text_faqs_and_people_never_reach_the_results(client):
    article = live_guide()
    draft = add_draft(article)
    FAQFactory(version=draft, question="Quokka question?", answer="Quokka answer.")
    ArticleVersionFactory(author=PersonFactory(name="Drafty McDraft"))

    for query in ("unreleased draft wording", "quokka", "drafty mcdraft"):
        html = client.get("/search/", {"q": query}).text
        assert DRAFT_MARK not in html
        assert "Quokka" not in html
        assert "Drafty" not in html


def test_an_faq_added_to_the_live_version_is_found(client):
    article = live_article(title="Paying for school")

    FAQFactory(version=article.live_version, question="Quokka grants?", answer="Yes.")

    assert found(client, "quokka") == [f"{guide_url(article)}#faq"]


def test_renaming_a_topic_changes_nothing_shown_but_stays_in_step(client):
    topic = TopicFactory(name="Zoology")
    article = live_article(article__topic=topic, title="Quokka habitats")

    topic.name = "Marsupials"
    topic.save()

    entry = SearchEntry.objects.get(kind="guides", object_id=article.pk, position=0)
    assert entry.subtitle == "Marsupials"


def test_people_are_found_only_while_they_are_on_a_live_guide(client, editor):
    author = PersonFactory(name="Quentin Quokka")
    article = live_article(author=author)
    assert found(client, "quentin") == [author.get_absolute_url()]

    workflow.unpublish(article, editor, "Out of date.")

    assert found(client, "quentin") == []


def test_a_person_edited_in_the_admin_is_found_by_the_new_name(client):
    author = PersonFactory(name="Quentin Quokka")
    live_article(author=author)

    author.name = "Quentin Wombat"
    author.save()

    assert found(client, "wombat") == [author.get_absolute_url()]
    assert found(client, "quokka") == []


def test_programs_and_their_schools_follow_publishing(client):
    school = SchoolFactory(name="Quokka University", city="Perth")
    program = ProgramFactory(name="MS in Wombats", school=school, unpublished=True)
    assert found(client, "wombats") == []
    assert found(client, "quokka") == []  # a school without a published program

    program.is_published = True
    program.save()

    assert found(client, "wombats") == [program.get_absolute_url()]
    assert school.get_absolute_url() in found(client, "quokka")


def test_renaming_a_school_renames_it_in_its_programs_entries(client):
    school = SchoolFactory(name="Quokka University", city="Perth")
    program = ProgramFactory(name="MS in Wombats", school=school)

    school.name = "Numbat University"
    school.save()

    assert found(client, "numbat") == [school.get_absolute_url(), program.get_absolute_url()]
    assert found(client, "quokka") == []


def test_a_program_moved_to_another_school_leaves_the_old_school_unlisted(client):
    old, new = SchoolFactory(name="Quokka University"), SchoolFactory(name="Numbat College")
    program = ProgramFactory(school=old)

    program.school = new
    program.save()

    assert found(client, "quokka") == []
    assert new.get_absolute_url() in found(client, "numbat")


def test_a_course_is_found_through_its_program(client):
    program = ProgramFactory(name="MS in Data")

    CourseFactory(program=program, name="Quokka Ecology")

    assert found(client, "ecology") == [program.get_absolute_url()]


def test_deleting_a_program_removes_it(client):
    program = ProgramFactory(name="MS in Wombats")

    program.delete()

    assert found(client, "wombats") == []


@pytest.mark.parametrize(("action", "published"), [("publish", True), ("unpublish", False)])
def test_the_admin_publish_actions_update_search_at_once(client, editor, action, published):
    program = ProgramFactory(name="MS in Wombats", is_published=not published)
    client.force_login(editor)

    client.post(
        reverse("admin:programs_program_changelist"),
        {"action": action, "_selected_action": [program.pk]},
    )

    client.logout()
    assert (found(client, "wombats") == [program.get_absolute_url()]) is published


def test_a_bulk_update_followed_by_the_finder_refresh_updates_search(client):
    program = ProgramFactory(name="MS in Wombats")
    Program.objects.filter(pk=program.pk).update(name="MS in Numbats")  # no signal
    assert found(client, "wombats") == [program.get_absolute_url()]  # stale until refreshed

    finder_rows.refresh([program.pk])

    assert found(client, "numbats") == [program.get_absolute_url()]
    assert found(client, "wombats") == []


def test_generate_programs_indexes_its_programs_when_synthetic_rows_are_shown(settings):
    settings.SHOW_SYNTHETIC = True  # as the benchmarks set it
    call_command("generate_programs", count=30, stdout=StringIO())

    published = Program.objects.published().count()
    assert SearchEntry.objects.filter(kind="programs").count() == published


def test_generated_programs_are_left_out_of_the_index_by_default():
    call_command("generate_programs", count=30, stdout=StringIO())

    assert not SearchEntry.objects.filter(kind__in=["programs", "schools"]).exists()


def test_careers_follow_publishing(client):
    career = CareerFactory(title="Quokka keeper", is_published=True)
    assert found(client, "quokka") == [career.get_absolute_url()]

    career.is_published = False
    career.save()

    assert found(client, "quokka") == []


def test_refresh_kind_is_the_call_for_bulk_changes_of_a_kind(client):
    career = CareerFactory(title="Quokka keeper", is_published=True)
    type(career).objects.filter(pk=career.pk).update(title="Numbat keeper")  # no signal

    index.refresh_kind("careers", [career.pk])

    assert found(client, "numbat") == [career.get_absolute_url()]


def test_rebuild_command_repairs_the_index_after_raw_changes(client):
    article = live_article(title="Quokka habitats")
    career = CareerFactory(title="Quokka keeper", is_published=True)
    SearchEntry.objects.all().delete()
    assert found(client, "quokka") == []
    out = StringIO()

    call_command("rebuild_search_index", stdout=out)

    # The guide's top and its two sections; its author and reviewer.
    assert "entries: guides 3, programs 0, schools 0, careers 1, people 2" in out.getvalue()
    assert sorted(found(client, "quokka")) == sorted(
        [guide_url(article), career.get_absolute_url()]
    )


def test_after_migrate_an_empty_index_fills_itself(client):
    article = live_article(title="Quokka habitats")
    SearchEntry.objects.all().delete()

    index.fill_if_empty()

    assert found(client, "quokka") == [guide_url(article)]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("A master's in machine learning", "masters"),
        ("Ask a scientist", "scientists"),
        ("Data scientists study data", "scientist"),
        ("Learning to program", "learn"),
        ("Applying is easy", "applied"),
    ],
)
def test_words_are_found_by_their_stem(client, text, query):
    article = live_article(title="Guide", body=text)

    assert found(client, query) == [guide_url(article)]
