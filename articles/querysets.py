"""Querysets of guides, versions, people and topics: the one place that filters by state.

models.py imports this module, so the querysets reach their own models through `self.model`
and its relations; version states are read from `ArticleVersion.State`, never spelled out.
"""

from datetime import timedelta

from django.db import models
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from careers.models import Career
from core.prepared import Prepared
from programs.models import Program

# A due version still waiting after this long means the scheduler (publish_scheduled) stopped.
SCHEDULER_GRACE = timedelta(minutes=15)
# The people on a guide version, in the order a byline and a bio page show them.
PERSON_ROLES = ("author", "editor", "reviewer")


def _related(model, name):
    """The model at the other end of `model.name`."""
    return model._meta.get_field(name).related_model


def _live_state(article_model):
    return _related(article_model, "live_version").State.LIVE


# The columns the guide page reads, so each query of the page selects no more: every column
# selected is compiled and converted on every cold render. A column read but left out here costs
# one more query per row (tests/articles/test_query_counts.py would notice).
PERSON_COLUMNS = (
    "name", "slug", "portrait", "job_title", "short_bio", "website_url", "linkedin_url",
)  # fmt: skip
VERSION_COLUMNS = (
    "title", "dek", "body", "body_rendered", "faqs_rendered", "sources_rendered", "approved_at",
)  # fmt: skip


def page_content(version):
    """A version's programs and careers as the guide page shows them, in the editor's order,
    one query each: {"programs", "careers"}. Unpublished ones are left out.

    Plain queries on the version's key rather than prefetch_related() on the guide's query,
    which compiles a join back to the version and files each row under it; compiled once per
    process (core/prepared.py). The FAQ entries and sources come with the version
    (articles/appendix.py)."""
    return {"programs": _PROGRAMS(version.pk), "careers": _CAREERS(version.pk)}


def _linked(rows, version_pk):
    """The rows a version links (through their `article_links`), in the editor's order."""
    return rows.filter(article_links__version=version_pk).order_by(
        "article_links__order", "article_links__id"
    )


_PROGRAMS = Prepared(lambda pk: _linked(Program.objects.published().for_widget(), pk), int)
_CAREERS = Prepared(lambda pk: _linked(Career.objects.published().for_card(), pk), int)


class ArticleVersionQuerySet(models.QuerySet):
    def live(self):
        """The versions the public sees (one per published guide)."""
        return self.filter(state=self.model.State.LIVE)

    def in_review(self):
        """Versions waiting for a reviewer."""
        return self.filter(state=self.model.State.IN_REVIEW)

    def drafts(self):
        """Versions being written (new, or sent back by a reviewer)."""
        return self.filter(state=self.model.State.DRAFT)

    def open(self):
        """Versions still in progress: draft, in review or approved (at most one per guide)."""
        return self.filter(state__in=self.model.OPEN_STATES)

    def restorable(self):
        """Versions that were live or were discarded: history an editor may copy back."""
        return self.filter(state__in=[self.model.State.ARCHIVED, self.model.State.DISCARDED])

    def withdrawn(self):
        """Versions that were live when their guide was taken down (workflow.unpublish)."""
        return self.filter(state=self.model.State.WITHDRAWN)

    def scheduled(self):
        """Approved versions waiting for their go-live time."""
        return self.filter(state=self.model.State.APPROVED)

    def due(self, now):
        """Approved versions whose go-live time has come."""
        return self.scheduled().filter(go_live_at__isnull=False, go_live_at__lte=now)

    def overdue(self, now):
        """Due versions still waiting after the scheduler's grace period: it has stopped."""
        return self.due(now - SCHEDULER_GRACE)

    def queue_counts(self, now):
        """How many versions wait for review and how many are overdue, in one query."""
        return self.aggregate(
            waiting=Count("pk", filter=Q(state=self.model.State.IN_REVIEW)),
            overdue=Count(
                "pk",
                filter=Q(state=self.model.State.APPROVED, go_live_at__lte=now - SCHEDULER_GRACE),
            ),
        )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Guides with a live version: the only ones the public may see."""
        return self.filter(live_version__state=_live_state(self.model))

    def for_list(self):
        """What a list of guide cards reads, in a single query.

        Without the versions' bodies: a card never shows them, and a list sorts every live guide
        before it keeps a page of them, each row as wide as what it carries.
        """
        return self.select_related("topic", "live_version", "live_version__author").defer(
            "live_version__body", "live_version__body_rendered"
        )

    def for_page(self):
        """The guide with its topic, live version (with its stored FAQ entries and sources) and
        people, in one query; page_content() reads the version's programs and careers."""
        roles = [f"live_version__{role}" for role in PERSON_ROLES]
        return self.select_related("topic", *roles).only(
            "slug",
            "first_published_at",
            "content_updated_at",
            "topic__name",
            "topic__slug",
            *(f"live_version__{column}" for column in VERSION_COLUMNS),
            *(f"{role}__{column}" for role in roles for column in PERSON_COLUMNS),
        )

    def involving(self, person):
        """Guides whose live version the person wrote, edited or reviewed."""
        return self.filter(
            Q(live_version__author=person)
            | Q(live_version__editor=person)
            | Q(live_version__reviewer=person)
        )

    def role_counts(self, person):
        """How many of these guides the person wrote, edited and reviewed, and in all: one query.

        Keys: total, author, editor, reviewer.
        """
        return self.aggregate(
            total=Count("pk"),
            **{
                role: Count("pk", filter=Q(**{f"live_version__{role}": person}))
                for role in PERSON_ROLES
            },
        )

    def in_role_order(self, person):
        """Written first, then edited, then reviewed (a bio page's sections); newest first."""
        first_role = models.Case(
            *(
                models.When(Q(**{f"live_version__{role}": person}), then=rank)
                for rank, role in enumerate(PERSON_ROLES)
            ),
            default=len(PERSON_ROLES),
        )
        return self.order_by(first_role, "-content_updated_at", "slug")

    def featuring_career(self, career):
        """Guides whose live version shows this career's card."""
        return self.filter(live_version__careers=career)

    def featured_first(self):
        """Featured guides first, then the most recently updated."""
        return self.order_by("-is_featured", "-content_updated_at", "slug")

    def due_for_review(self, cutoff):
        """Published guides whose last expert review happened before `cutoff` (a time), each
        with it as `last_reviewed_at`.

        The last expert review is the last approval of a version that went live and was not a
        minor change: a typo fix is approved too, but nobody reviewed the guide again. A guide
        with no such approval on record counts from its last substantive go-live
        (content_updated_at), and one with neither is due.
        """
        reviews = _related(self.model, "versions").objects.filter(
            article=OuterRef("pk"),
            is_minor=False,
            published_at__isnull=False,
            approved_at__isnull=False,
        )
        last_review = Subquery(reviews.order_by("-approved_at").values("approved_at")[:1])
        return (
            self.published()
            .annotate(last_reviewed_at=Coalesce(last_review, F("content_updated_at")))
            .filter(Q(last_reviewed_at__lt=cutoff) | Q(last_reviewed_at__isnull=True))
        )


class SourceQuerySet(models.QuerySet):
    def accessed_before(self, cutoff):
        """Sources of live guide versions last accessed before the day `cutoff`: the page they
        cite may have changed or gone. Sources with no access date are left out."""
        live = _related(self.model, "version").State.LIVE
        return self.filter(version__state=live, accessed_on__lt=cutoff)


class PersonQuerySet(models.QuerySet):
    def with_live_work(self):
        """People who appear on at least one live guide (public bio pages)."""
        live = _related(self.model, "authored_versions").objects.live()
        # One EXISTS per role, each on its own index: one EXISTS with the three roles OR-ed
        # reads every live version for each person.
        return self.filter(
            Exists(live.filter(author=OuterRef("pk")))
            | Exists(live.filter(editor=OuterRef("pk")))
            | Exists(live.filter(reviewer=OuterRef("pk")))
        )


class TopicQuerySet(models.QuerySet):
    def with_live_guides(self):
        """Topics with at least one live guide, with their count and latest substantive update."""
        live = Q(articles__live_version__state=_live_state(_related(self.model, "articles")))
        return self.annotate(
            guide_count=Count("articles", filter=live),
            updated=Max("articles__content_updated_at", filter=live),
        ).filter(guide_count__gt=0)
