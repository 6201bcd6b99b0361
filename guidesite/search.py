"""Site search: one set-based, limited query per kind of result.

Every word must appear in one of a kind's fields (case-insensitive). Results are capped per
kind, so the cost stays flat however many guides and programs there are.
"""

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.db.models import Q

from articles.models import Article, Person
from careers.models import Career
from programs.models import Program, School

MAX_QUERY_LENGTH = 100
MAX_TERMS = 6


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    fields: tuple

    def queryset(self):
        """The public rows of this kind, ready for display."""
        if self.key == "guides":
            return Article.objects.published().for_list().order_by("-content_updated_at", "pk")
        if self.key == "programs":
            return Program.objects.published().for_card().order_by("name", "pk")
        if self.key == "schools":
            return School.objects.filter(programs__is_published=True).distinct().order_by("name")
        if self.key == "careers":
            return Career.objects.published().order_by("title", "pk")
        return Person.objects.with_live_work().order_by("name", "pk")


KINDS = (
    Kind("guides", "Guides", ("live_version__title", "live_version__dek", "topic__name")),
    Kind("programs", "Programs", ("name", "field", "school__name")),
    Kind("schools", "Schools", ("name", "city")),
    Kind("careers", "Careers", ("title", "summary")),
    Kind("people", "People", ("name", "job_title")),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


def terms(query):
    """The words of a query, trimmed to a sane length and number; NUL bytes dropped."""
    return query.replace("\x00", "")[:MAX_QUERY_LENGTH].split()[:MAX_TERMS]


def matching(kind, words):
    """The kind's public rows that contain every word in one of its fields."""
    condition = reduce(
        and_,
        (
            reduce(or_, (Q(**{f"{field}__icontains": word}) for field in kind.fields))
            for word in words
        ),
    )
    return kind.queryset().filter(condition)


def preview(words, per_kind=5):
    """Up to `per_kind` results of every kind, and whether each kind has more."""
    sections = []
    for kind in KINDS:
        rows = list(matching(kind, words)[: per_kind + 1])
        sections.append(
            {"kind": kind, "results": rows[:per_kind], "has_more": len(rows) > per_kind}
        )
    return sections
