"""Site search: one set-based, limited query per kind of result.

Every word must appear in one of a kind's fields (case-insensitive). Matching and ordering run
on the kind's own table with only the key selected, and the few rows shown are then read with
their joins, so the cost stays flat however many guides and programs there are.
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
    ordering: tuple

    def public(self):
        """The public rows of this kind, without joins."""
        return {
            "guides": Article.objects.published,
            "programs": Program.objects.published,
            "schools": School.objects.public,
            "careers": Career.objects.published,
            "people": Person.objects.with_live_work,
        }[self.key]()

    def for_display(self, pks):
        """The rows with these keys, with what the result list reads, in search order."""
        rows = {
            "guides": Article.objects.for_list(),
            "programs": Program.objects.for_card(),
            "schools": School.objects.all(),
            "careers": Career.objects.all(),
            "people": Person.objects.all(),
        }[self.key]
        return rows.filter(pk__in=pks).order_by(*self.ordering)


KINDS = (
    Kind(
        "guides",
        "Guides",
        ("live_version__title", "live_version__dek", "topic__name"),
        ("-content_updated_at", "pk"),
    ),
    # A program's school is found under Schools; leaving its name out keeps this a one-table scan.
    Kind("programs", "Programs", ("name", "field"), ("name", "pk")),
    Kind("schools", "Schools", ("name", "city"), ("name", "pk")),
    Kind("careers", "Careers", ("title", "summary"), ("title", "pk")),
    Kind("people", "People", ("name", "job_title"), ("name", "pk")),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


def terms(query):
    """The words of a query, trimmed to a sane length and number; NUL bytes dropped."""
    return query.replace("\x00", "")[:MAX_QUERY_LENGTH].split()[:MAX_TERMS]


def matching_keys(kind, words):
    """The keys of the kind's public rows that contain every word in one of its fields, in order."""
    condition = reduce(
        and_,
        (
            reduce(or_, (Q(**{f"{field}__icontains": word}) for field in kind.fields))
            for word in words
        ),
    )
    return kind.public().filter(condition).order_by(*kind.ordering).values_list("pk", flat=True)


def preview(words, per_kind=5):
    """Up to `per_kind` results of every kind, and whether each kind has more."""
    sections = []
    for kind in KINDS:
        keys = matching_keys(kind, words)[: per_kind + 1]
        rows = list(kind.for_display(keys))
        sections.append(
            {"kind": kind, "results": rows[:per_kind], "has_more": len(rows) > per_kind}
        )
    return sections
