"""A search as the page shows it: counts per kind, one ranked page, "did you mean".

A page costs one query (counts and the page's highlighted rows together); a search that matches
nothing costs one more for the vocabulary, and one or two to search again for what the student
probably meant, or for any of the words; a page number past the end, one more.
"""

import difflib
import hashlib
import re
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core import pagecache

from ..models import SearchEntry
from . import backends
from .backends import START, STOP
from .query import Query, parse

PER_PAGE = 20
# What a page of results shows, for the page cache (core/pagecache.py): any change to the index.
SEARCH_TAG = "search"
KINDS = SearchEntry.Kind
SINGULAR = {
    KINDS.GUIDES: "Guide",
    KINDS.PROGRAMS: "Program",
    KINDS.SCHOOLS: "School",
    KINDS.CAREERS: "Career",
    KINDS.PEOPLE: "Person",
}
# How alike a misspelt word and an indexed word must be (difflib's ratio) to suggest it.
SUGGEST_CUTOFF = 0.75
_MARKED = re.compile(f"{START}(.*?){STOP}", re.S)


@dataclass
class Result:
    kind: str
    url: str
    title: str  # safe HTML
    text: str  # safe HTML
    subtitle: str
    section: str  # safe HTML: the heading of the section the link goes to ("" for the top)
    is_partner: bool

    @property
    def kind_label(self):
        return SINGULAR[self.kind]


@dataclass
class Search:
    query: Query
    kind: str = ""  # a key of KINDS, or "" for every kind
    counts: dict = field(default_factory=dict)
    # The words searched for instead, when the query's own words matched nothing.
    corrected: tuple = ()
    any_word: bool = False  # no entry has every word: these results have some of them
    page_obj: object = None

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def shown(self):
        """How many results the chosen kind (or all kinds) has."""
        return self.counts.get(self.kind, 0) if self.kind else self.total

    @property
    def corrected_text(self):
        return " ".join(self.corrected)

    def kinds(self):
        """Every kind with its label, key and count, for the kind filter."""
        return [
            {"key": kind.value, "label": kind.label, "count": self.counts.get(kind, 0)}
            for kind in KINDS
        ]


class _Counted:
    """What Paginator needs to page a known number of results."""

    def __init__(self, count):
        self._count = count

    def count(self):
        return self._count


def search(text, kind="", page=None):
    """Search for `text` among `kind` (a key of KINDS; "" or unknown: all), at ?page=`page`.

    A page of results is kept in the cache until a change to the index drops every page of
    results (the tag "search", index.py), so a word many pages share ("learning") is ranked
    once per change, not once per visitor.
    """
    query = parse(text)
    kind = kind if kind in KINDS.values else ""
    found = Search(query=query, kind=kind)
    if not query.words:
        return found
    number = _page_number(page)
    words = " ".join(query.words).encode()
    digest = hashlib.blake2b(words, digest_size=16).hexdigest()
    page_key = pagecache.key("search", digest, kind, number)
    cached = pagecache.cached(page_key, [SEARCH_TAG], lambda: _search(found, number))
    counts, corrected, any_word, number, results = cached
    found.counts, found.corrected, found.any_word = counts, corrected, any_word
    paginator = Paginator(_Counted(found.shown), PER_PAGE)
    found.page_obj = Page(results, number, paginator)
    return found


def _search(found, number):
    """Counts, corrected words, any_word, the page number shown and its results."""
    query, kind = found.query, found.kind
    backend = backends.get()
    window = ((number - 1) * PER_PAGE, PER_PAGE)
    words, any_word = query.words, False
    counts, rows = backend.search(words, any_word, kind, *window)
    if not counts:
        corrected = suggest(backend, words)
        if corrected != words:
            counts, rows = backend.search(corrected, any_word, kind, *window)
            if counts:
                words = found.corrected = corrected
        if not counts and len(words) > 1:
            # Nothing has every word (as typed, or corrected): rank what has some of them.
            words, any_word = corrected, True
            counts, rows = backend.search(words, any_word, kind, *window)
            found.corrected = corrected if corrected != query.words and counts else ()
    found.counts, found.any_word = counts, any_word
    paginator = Paginator(_Counted(found.shown), PER_PAGE)
    if number > paginator.num_pages:
        # Past the last page (an old link, a hand-typed number): show the last one instead.
        number = paginator.num_pages
        if found.shown:
            _, rows = backend.search(words, any_word, kind, (number - 1) * PER_PAGE, PER_PAGE)
    return counts, found.corrected, any_word, number, [result(row) for row in rows]


def _page_number(page):
    """?page= as a page number; anything else than a whole number from 1 up is page 1."""
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else 1


def suggest(backend, words):
    """The words with each unknown one replaced by the indexed word most like it, if any."""
    spelt = [word for word in words if not word.isdigit()]  # numbers are never corrected
    if not spelt:
        return words
    candidates = backend.candidates(spelt)
    corrected = []
    for word in words:
        if word in candidates or word.isdigit():
            corrected.append(word)
            continue
        alike = [term for term in candidates if abs(len(term) - len(word)) <= 2]
        best = difflib.get_close_matches(word, sorted(alike), n=1, cutoff=SUGGEST_CUTOFF)
        corrected.append(best[0] if best else word)
    return tuple(corrected)


def result(row):
    """One page row (see backends.FIELDS) as a result: escaped, highlighted, with its section."""
    snippet = _around_matches(row["snippet"] or "")
    if START in snippet or not row["summary"]:
        text = snippet
    else:
        text = row["summary_marked"] or row["summary"]
    anchor = row["anchor"]
    return Result(
        kind=row["kind"],
        url=f"{row['url']}#{anchor}" if anchor else row["url"],
        title=marked(row["name_marked"] or row["context_marked"] or row["title"]),
        text=marked(text),
        subtitle=row["subtitle"],
        section=marked(row["headings_marked"]) if anchor else "",
        is_partner=row["is_partner"],
    )


def marked(text):
    """Escaped text with the database's match markers as <mark> elements (unpaired ones and
    any other control character dropped)."""
    html = _MARKED.sub(lambda m: f"<mark>{m[1]}</mark>", str(escape(text or "")))
    return mark_safe(html.replace(START, "").replace(STOP, ""))  # noqa: S308 (escaped above)


def _around_matches(snippet):
    """The snippet's lines from the first with a match to the last: a fragment that runs on
    into another paragraph is cut where that paragraph starts (or before it ends)."""
    lines = snippet.split("\n")
    marked_lines = [n for n, line in enumerate(lines) if START in line]
    if not marked_lines:
        return lines[0]
    return " ".join(lines[marked_lines[0] : marked_lines[-1] + 1]).strip()
