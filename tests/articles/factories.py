import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import FAQ, Article, ArticleVersion, Person, SitePage, Source, Topic


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    short_bio = "Writes about graduate programs."


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"guide-{n}")
    topic = factory.SubFactory(TopicFactory)


class ArticleVersionFactory(factory.django.DjangoModelFactory):
    """A draft by default; `live=True` also makes it the article's live version."""

    class Meta:
        model = ArticleVersion
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Guide number {n}")
    dek = "A one-sentence summary of the guide."
    body = "## First section\n\nSome text.\n\n## Second section\n\nMore text."
    author = factory.SubFactory(PersonFactory)

    class Params:
        in_review = factory.Trait(
            state=ArticleVersion.State.IN_REVIEW, submitted_at=factory.LazyFunction(timezone.now)
        )
        approved = factory.Trait(
            state=ArticleVersion.State.APPROVED,
            submitted_at=factory.LazyFunction(timezone.now),
            approved_at=factory.LazyFunction(timezone.now),
        )
        live = factory.Trait(
            state=ArticleVersion.State.LIVE,
            reviewer=factory.SubFactory(PersonFactory),
            approved_at=factory.LazyFunction(timezone.now),
            published_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def make_live(self, create, extracted, **kwargs):
        if create and self.state == ArticleVersion.State.LIVE:
            article = self.article
            article.live_version = self
            article.first_published_at = article.first_published_at or self.published_at
            article.content_updated_at = self.published_at
            article.save(update_fields=["live_version", "first_published_at", "content_updated_at"])


def live_article(**kwargs):
    """A published guide: returns the Article with its live version."""
    return ArticleVersionFactory(live=True, **kwargs).article


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQ

    version = factory.SubFactory(ArticleVersionFactory)
    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "An answer."
    order = factory.Sequence(lambda n: n)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    version = factory.SubFactory(ArticleVersionFactory)
    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "Publisher"
    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")
    order = factory.Sequence(lambda n: n)


class SitePageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SitePage
        django_get_or_create = ["slug"]

    title = "Our Editorial Process"
    slug = "editorial-process"
    summary = "How our guides are written, edited and reviewed."
    body = "Every change is approved by an expert reviewer."
