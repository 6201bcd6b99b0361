from django.db import models
from django.db.models import Prefetch


def version_content_prefetches(prefix=""):
    """A version's FAQs, sources, programs and careers as the guide page shows them, one query
    each; `prefix` reaches the version through a relation (the guide page's live_version__)."""
    from careers.models import Career
    from programs.models import Program

    from .models import FAQ, Source

    return [
        Prefetch(f"{prefix}faqs", queryset=FAQ.objects.order_by("order", "id")),
        Prefetch(f"{prefix}sources", queryset=Source.objects.order_by("order", "id")),
        Prefetch(
            f"{prefix}programs",
            # Ordering reuses the prefetch's join on the link table: the editor's order.
            queryset=Program.objects.published().for_card().order_by("article_links__order"),
        ),
        Prefetch(
            f"{prefix}careers",
            queryset=Career.objects.published().order_by("article_links__order"),
        ),
    ]


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Guides with a live version: the only ones the public may see."""
        return self.filter(live_version__isnull=False, live_version__state="live")

    def for_list(self):
        """What a list of guide cards reads, in a single query."""
        return self.select_related("topic", "live_version", "live_version__author")

    def for_page(self):
        """Everything the guide page shows, in a fixed number of queries."""
        return self.select_related(
            "topic",
            "live_version",
            "live_version__author",
            "live_version__editor",
            "live_version__reviewer",
        ).prefetch_related(*version_content_prefetches("live_version__"))

    def involving(self, person):
        """Guides whose live version the person wrote, edited or reviewed."""
        return self.filter(
            models.Q(live_version__author=person)
            | models.Q(live_version__editor=person)
            | models.Q(live_version__reviewer=person)
        )

    def featured_first(self):
        """Featured guides first, then the most recently updated."""
        return self.order_by("-is_featured", "-content_updated_at", "slug")


class PersonQuerySet(models.QuerySet):
    def with_live_work(self):
        """People who appear on at least one live guide (public bio pages)."""
        from .models import ArticleVersion

        live = ArticleVersion.objects.filter(state="live")
        return self.filter(
            models.Q(authored_versions__in=live)
            | models.Q(edited_versions__in=live)
            | models.Q(reviewed_versions__in=live)
        ).distinct()
