"""core/prepared.py: a page's query compiled once per process, run with each request's values,
giving the objects the queryset gives."""

import pytest
from django.db.models.sql.compiler import SQLCompiler

from articles.models import Article, ArticleVersion, SitePage
from core.prepared import Prepared
from programs.models import Program

from .articles.factories import ArticleVersionFactory, SitePageFactory, live_article
from .programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def _guide_page(slug):
    return (
        Article.objects.published()
        .for_page()
        .annotate(disclosure=SitePage.disclosure_subquery())
        .filter(slug=slug)
    )


def _compiles(monkeypatch):
    """A list that gets one item per SQL compilation."""
    calls = []
    compile_sql = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        calls.append(self.query.model)
        return compile_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    return calls


def test_the_objects_are_those_the_queryset_gives_with_related_rows_and_annotations():
    SitePageFactory(slug=SitePage.DISCLOSURE_SLUG, summary="We may earn a fee.")
    article = live_article()
    prepared = Prepared(_guide_page, str)

    [found] = prepared(article.slug)
    [expected] = _guide_page(article.slug)

    assert found.pk == expected.pk
    assert found.disclosure == expected.disclosure == "We may earn a fee."
    assert found.live_version.title == expected.live_version.title
    assert found.live_version.author.name == expected.live_version.author.name
    assert found.topic.name == expected.topic.name
    # Deferred as the queryset defers: the version's columns it leaves out are not loaded.
    assert found.live_version.get_deferred_fields() == expected.live_version.get_deferred_fields()


def test_it_compiles_once_and_each_call_reads_its_own_values(monkeypatch):
    first, second = live_article(), live_article()
    prepared = Prepared(_guide_page, str)
    compiles = _compiles(monkeypatch)

    assert [guide.pk for guide in prepared(first.slug)] == [first.pk]
    compiled = len(compiles)
    assert [guide.pk for guide in prepared(second.slug)] == [second.pk]
    assert prepared("no-such-guide") == []

    assert compiled >= 1
    assert len(compiles) == compiled


def test_what_the_queryset_filters_out_stays_out():
    draft = ArticleVersionFactory().article
    live = live_article()
    taken_down = live_article()
    taken_down.live_version.state = ArticleVersion.State.WITHDRAWN
    taken_down.live_version.save(update_fields=["state"])
    prepared = Prepared(_guide_page, str)

    assert [guide.pk for guide in prepared(live.slug)] == [live.pk]
    assert prepared(draft.slug) == []
    assert prepared(taken_down.slug) == []


def test_integer_values_and_ordering():
    programs = [ProgramFactory(name=name) for name in ("B", "A", "C")]
    hidden = ProgramFactory(is_published=False)
    prepared = Prepared(
        lambda pk: Program.objects.published().filter(school=pk).order_by("name"), int
    )

    for program in [*programs, hidden]:
        shown = prepared(program.school_id)
        assert [row.pk for row in shown] == ([] if program is hidden else [program.pk])


@pytest.mark.parametrize(
    "build",
    [
        lambda slug: Article.objects.filter(slug__contains=slug),  # the value becomes %value%
        lambda slug: Article.objects.filter(slug="one-fixed-guide"),  # the value is not used
    ],
)
def test_a_value_that_does_not_reach_the_sql_unchanged_is_refused(build):
    with pytest.raises(ValueError, match="cannot be prepared"):
        Prepared(build, str)("a-guide")


def test_values_of_another_type_and_prefetching_are_refused():
    with pytest.raises(TypeError):
        Prepared(lambda pk: Program.objects.filter(pk=pk), int)("3")
    with pytest.raises(TypeError):
        Prepared(lambda pk: Program.objects.filter(pk=pk), int)(1, 2)
    with pytest.raises(ValueError, match="prefetch"):
        Prepared(lambda pk: Program.objects.prefetch_related("courses").filter(pk=pk), int)(1)
