"""The site search index: derived data, rebuilt from the apps' public rows (guidesite/search/).

Nothing here is edited by hand. `guidesite.search.index` writes these rows whenever what they
copy changes, and `manage.py rebuild_search_index` writes them all again.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """One place a student can land from the results: a program, school, career or person
    page, or a guide's top, one of its ## sections or one of its FAQ entries.

    A guide is cut into sections so that a match links to where it is (`anchor`) and is ranked
    on that section's text alone, as short as the other kinds' entries: a long guide does not
    dilute its own title. Results show each page once, through its best entry.

    Searched, by weight: `name` (A) above `summary`, `headings` and `extra` (B), above `body`
    (C), above `context` (D, the guide's title on its section entries). On PostgreSQL `vector`
    holds them as one weighted tsvector; on SQLite an FTS5 table created by the migration
    follows this table through triggers. A results page reads only this table.

    The id is made of the kind, the object and the position (`make_id`), so SQLite counts,
    groups and filters matches by kind and page from FTS5's own rowids, without reading rows.
    """

    class Kind(models.TextChoices):
        GUIDES = "guides", "Guides"
        PROGRAMS = "programs", "Programs"
        SCHOOLS = "schools", "Schools"
        CAREERS = "careers", "Careers"
        PEOPLE = "people", "People"

    kind = models.CharField(max_length=10, choices=Kind)
    object_id = models.PositiveBigIntegerField()
    # 0: the page itself; 1, 2, ...: a guide's sections and FAQ entries, in page order.
    position = models.PositiveSmallIntegerField(default=0)
    url = models.CharField(max_length=300)
    # The heading id the link goes to ("" for the top of the page).
    anchor = models.CharField(max_length=200, blank=True)
    # Shown, not searched: the page's title, and under it a program's school and format, a
    # school's city, a person's job.
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    # Searched (see above).
    name = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    headings = models.TextField(blank=True)
    body = models.TextField(blank=True)
    extra = models.TextField(blank=True)
    context = models.CharField(max_length=300, blank=True)
    is_partner = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    # PostgreSQL only (a GIN index, created by the migration); stays NULL on SQLite.
    vector = SearchVectorField(null=True, editable=False)

    # id = kind number << KIND_SHIFT | object id << PAGE_SHIFT | position
    KIND_NUMBERS = {
        Kind.GUIDES: 1,
        Kind.PROGRAMS: 2,
        Kind.SCHOOLS: 3,
        Kind.CAREERS: 4,
        Kind.PEOPLE: 5,
    }
    KIND_SHIFT, PAGE_SHIFT = 56, 8
    MAX_POSITION = (1 << PAGE_SHIFT) - 1

    class Meta:
        verbose_name_plural = "search entries"
        indexes = [models.Index(fields=["kind", "object_id"], name="search_entry_object_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    @classmethod
    def make_id(cls, kind, object_id, position=0):
        """The id of an object's entry at `position` (0 to MAX_POSITION)."""
        return cls.KIND_NUMBERS[kind] << cls.KIND_SHIFT | object_id << cls.PAGE_SHIFT | position


class SearchTerm(models.Model):
    """A word that occurs in the indexed text, for "did you mean" when nothing matches.

    Words are added as entries are written and only dropped by a rebuild, so a suggestion is
    shown only when searching for it finds live results (guidesite/search/results.py).
    """

    term = models.CharField(max_length=40, unique=True)

    def __str__(self):
        return self.term


class SearchHit(models.Model):
    """A page where an indexed word is found (PostgreSQL only; stays empty on SQLite).

    One row per stemmed word (`lexeme`) and page: the tier and score of the page's best entry
    for that word alone, as a search for the one word would rank it, and that entry. A search
    for a single word reads its counts and its page of results from here instead of matching
    and scoring every entry that has the word ("learning" is in most of them). Written with
    the entries (guidesite/search/backends.py, PostgreSQL.written).
    """

    pk = models.CompositePrimaryKey("lexeme", "page")
    lexeme = models.CharField(max_length=100)
    # The entry id's kind and object bits (SearchEntry.make_id >> PAGE_SHIFT).
    page = models.BigIntegerField()
    # 0: the word is in the entry's name, summary, headings, facts or context; 1: body only.
    tier = models.PositiveSmallIntegerField()
    score = models.FloatField()
    # Deleting entries by any path (raw SQL included) takes their hits with them, so a search
    # never lists an entry that is gone; the refresh path derives the page's hits again.
    entry = models.ForeignKey(SearchEntry, on_delete=models.DB_CASCADE, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["lexeme", "tier", "-score", "page"], name="search_hit_rank_idx")
        ]

    def __str__(self):
        return f"{self.lexeme}: {self.entry_id}"
