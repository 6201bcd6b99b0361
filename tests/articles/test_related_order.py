"""The programs widget and career cards keep the order the editor gave them."""

import pytest

from articles.models import Article
from articles.querysets import page_content
from tests.articles.factories import ArticleVersionFactory
from tests.careers.factories import CareerFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_guide_page_lists_careers_and_programs_in_the_editors_order():
    version = ArticleVersionFactory(live=True)
    other = ArticleVersionFactory(live=True)
    careers = [CareerFactory(title=t) for t in ("Zoologist", "Analyst", "Mechanic")]
    programs = [ProgramFactory(name=n) for n in ("Zeta MS", "Alpha MS")]
    for order, career in zip([2, 3, 1], careers, strict=True):
        version.career_links.create(career=career, order=order)
        other.career_links.create(career=career, order=4 - order)
    for order, program in zip([1, 2], programs, strict=True):
        version.program_links.create(program=program, order=order)
        other.program_links.create(program=program, order=3 - order)

    article = Article.objects.published().for_page().get(pk=version.article.pk)

    shown = page_content(article.live_version)
    assert [c.title for c in shown["careers"]] == ["Mechanic", "Zoologist", "Analyst"]
    assert [p.name for p in shown["programs"]] == ["Zeta MS", "Alpha MS"]
