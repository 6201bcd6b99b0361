"""Two databases behind one search API: SQLite's FTS5 and PostgreSQL's full-text search.

Both rank with field weights (name above summary, headings and extra, above body and context),
stem English words ("masters" finds "master's"), show each page once through its best entry,
and mark matches with \x02 ... \x03, which results.py turns into escaped HTML with <mark>.
Each backend answers:

- `install(cursor)` / `repair()`: its index structures (the migration writes the same ones);
- `prepare(entries)`: before entries are inserted (PostgreSQL sets their weighted vectors);
- `written(kind, ids)`: after the entries of these rows were written (PostgreSQL derives its
  SearchHit rows from them; deleting entries deletes their hits);
- `search(words, any_word, kind, offset, limit)`: in one query, the matching pages per kind and
  one page of ranked, highlighted rows; every match is scored once;
- `candidates(words)`: indexed words that may be what a misspelt word meant, one query.
"""

import json
import re
from functools import reduce
from operator import or_

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import (
    SearchVector,
    TrigramSimilarity,
)
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest, Length

from ..models import SearchEntry, SearchHit, SearchTerm
from .documents import BOOST

START, STOP = "\x02", "\x03"
ELLIPSIS = "…"
SNIPPET_WORDS = 28
# What a result shows, then the highlighted texts (see results.result()).
FIELDS = ("id", "kind", "url", "anchor", "title", "subtitle", "summary", "is_partner")
MARKED = ("name_marked", "summary_marked", "headings_marked", "context_marked", "snippet")
KIND_OF_NUMBER = {number: kind for kind, number in SearchEntry.KIND_NUMBERS.items()}
# The columns that make an entry strong: a page with one of the words in its name, summary,
# headings, facts or page title ranks before pages that have the words only in body text
# (Algolia calls this criterion "attribute"). It also spares scoring the many weak entries of
# a word found everywhere: they are scored only when a page of results reaches them.
STRONG = ("name", "summary", "headings", "extra", "context")
# On PostgreSQL those columns are the vector's weights A, B and D (prepare()).
STRONG_WEIGHTS = ("A", "B", "D")
# A query of one such word is one lexeme of the same letters and digits (as are the stems of
# the indexed words SearchHit keeps: HIT_LEXEME, its length as query.MAX_WORD_LENGTH).
HIT_WORD = re.compile("[a-z0-9]+")
HIT_LEXEME = "^[a-z0-9]{1,40}$"
# ts_headline's options: a name, summary, heading or page title marked whole; the body as one
# snippet around the matches.
HEADLINE_WHOLE = f"StartSel='{START}', StopSel='{STOP}', HighlightAll=true"
HEADLINE_SNIPPET = (
    f"StartSel='{START}', StopSel='{STOP}', MaxWords={SNIPPET_WORDS}, "
    f"MinWords={SNIPPET_WORDS // 2}, MaxFragments=1, FragmentDelimiter=' {ELLIPSIS} '"
)


class SQLite:
    """FTS5 over the entries (external content, kept in step by triggers), ranked by bm25."""

    TABLE = "guidesite_searchentry_fts"
    COLUMNS = ("name", "summary", "headings", "body", "extra", "context")
    # bm25 weights of COLUMNS, in order: the same ratios as PostgreSQL's A, B, B, C, B, D.
    WEIGHTS = (10.0, 4.0, 4.0, 1.0, 4.0, 2.0)

    def install(self, cursor):
        """The FTS5 table and the triggers that keep it in step with every entry written.

        The porter tokenizer stems English words; unicode61 folds case and accents. Django
        rebuilds a SQLite table (dropping its triggers) for most schema changes: a migration
        that alters SearchEntry must run this again, as `rebuild_search_index` does.
        """
        table, columns = self.TABLE, ", ".join(self.COLUMNS)
        new = ", ".join(f"new.{column}" for column in self.COLUMNS)
        old = ", ".join(f"old.{column}" for column in self.COLUMNS)
        # Names are this class's constants; FTS5's commands take no parameters.
        delete = f"INSERT INTO {table}({table}, rowid, {columns}) VALUES ('delete', old.id, {old});"  # noqa: S608, E501
        insert = f"INSERT INTO {table}(rowid, {columns}) VALUES (new.id, {new});"  # noqa: S608
        statements = [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5({columns}, "
            "content='guidesite_searchentry', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')",
            f"CREATE TRIGGER IF NOT EXISTS {table}_insert AFTER INSERT ON guidesite_searchentry "
            f"BEGIN {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_delete AFTER DELETE ON guidesite_searchentry "
            f"BEGIN {delete} END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_update AFTER UPDATE ON guidesite_searchentry "
            f"BEGIN {delete} {insert} END",
        ]
        for statement in statements:
            cursor.execute(statement)

    def repair(self):
        """Re-create what is missing and re-read every entry into the FTS5 index."""
        with connection.cursor() as cursor:
            self.install(cursor)
            cursor.execute(f"INSERT INTO {self.TABLE}({self.TABLE}) VALUES ('rebuild')")  # noqa: S608

    def prepare(self, entries):
        """Nothing to do: the triggers index the rows as they are inserted."""

    def written(self, kind, ids):
        """Nothing to do: FTS5 follows the entries."""

    @staticmethod
    def match(words, any_word):
        # Each word quoted, so FTS5 reads it as a plain word whatever it is (words are letters
        # and digits only, see query.py; quoting is the second guard).
        quoted = [f'"{word}"' for word in words]
        return (" OR " if any_word else " ").join(quoted)

    def search(self, words, any_word, kind, offset, limit):
        table = self.TABLE
        match = self.match(words, any_word)
        # Strong entries have one of the words in a column other than the body (STRONG).
        strong = f"{{{' '.join(STRONG)}}} : ({self.match(words, True)})"
        weights = ", ".join(str(weight) for weight in self.WEIGHTS)
        shift, page = SearchEntry.KIND_SHIFT, SearchEntry.PAGE_SHIFT
        boost = " ".join(
            f"WHEN {SearchEntry.KIND_NUMBERS[key]} THEN {value}" for key, value in BOOST.items()
        )
        score = f"bm25({table}, {weights}) * CASE rowid >> {shift} {boost} END"
        # Kind and page come from the rowid (SearchEntry.make_id), so counting reads no entry
        # row, and one kind is one range of rowids.
        within, bounds = "", []
        if kind:
            number = SearchEntry.KIND_NUMBERS[kind]
            within = "AND rowid BETWEEN %s AND %s"
            bounds = [number << shift, ((number + 1) << shift) - 1]
        # `found` lists the matching pages, for the counts. `strong` scores the strong entries
        # of the chosen kind (materialized: bm25() only works in the query that scans the FTS5
        # table) and `strong_best` keeps each page's best (SQLite fills the bare column `id`
        # from the row that has the MIN). Weak entries are scored only when this page of
        # results reaches past the strong pages: LIMIT 0 otherwise, which skips the full-text
        # scan (a constant test in WHERE does not: SQLite runs the MATCH first). Only the
        # page's rows are read and highlighted, which needs the MATCH again; CROSS JOIN keeps
        # that order (SQLite would otherwise run the full-text query once per entry row). The
        # counts ride along as JSON, on every row and on the one row of an empty page.
        sql = f"""
            WITH found AS MATERIALIZED (
                SELECT DISTINCT rowid >> {page} AS page FROM {table} WHERE {table} MATCH %s
            ), counted AS (
                SELECT json_group_object(kind, pages) AS counts FROM (
                    SELECT page >> {shift - page} AS kind, COUNT(*) AS pages FROM found
                    GROUP BY 1
                )
            ), strong AS MATERIALIZED (
                SELECT rowid AS id, {score} AS score FROM {table}
                WHERE {table} MATCH %s {within}
            ), strong_best AS MATERIALIZED (
                SELECT id, MIN(score) AS score FROM strong GROUP BY id >> {page}
            ), weak AS MATERIALIZED (
                SELECT rowid AS id, {score} AS score FROM {table}
                WHERE {table} MATCH %s {within}
                LIMIT CASE WHEN (SELECT COUNT(*) FROM strong_best) < %s THEN -1 ELSE 0 END
            ), weak_best AS (
                SELECT id, MIN(score) AS score FROM weak
                WHERE id >> {page} NOT IN (SELECT id >> {page} FROM strong_best)
                GROUP BY id >> {page}
            ), best AS (
                SELECT id, score, 0 AS tier FROM strong_best
                UNION ALL SELECT id, score, 1 AS tier FROM weak_best
                ORDER BY tier, score, id LIMIT %s OFFSET %s
            ), shown AS MATERIALIZED (
                SELECT best.tier AS tier, best.score AS score,
                    {", ".join(f"e.{name}" for name in FIELDS)},
                    highlight({table}, 0, %s, %s), highlight({table}, 1, %s, %s),
                    highlight({table}, 2, %s, %s), highlight({table}, 5, %s, %s),
                    snippet({table}, 3, %s, %s, %s, %s)
                FROM best
                CROSS JOIN {table} ON {table}.rowid = best.id
                CROSS JOIN guidesite_searchentry e ON e.id = best.id
                WHERE {table} MATCH %s
            )
            SELECT counted.counts, shown.* FROM counted LEFT JOIN shown ON 1
            ORDER BY shown.tier, shown.score, shown.id
        """  # noqa: S608 (names, weights and boosts are constants; the rest are parameters)
        marks = [START, STOP] * 4 + [START, STOP, ELLIPSIS, SNIPPET_WORDS]
        params = [
            match,
            f"({match}) AND {strong}",
            *bounds,
            f"({match}) NOT {strong}",
            *bounds,
            offset + limit,
            limit,
            offset,
            *marks,
            match,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        counts = json.loads(rows[0][0]) if rows and rows[0][0] else {}
        counts = {KIND_OF_NUMBER[int(number)]: pages for number, pages in counts.items()}
        return counts, [_row(row[3:]) for row in rows if row[2] is not None]

    def candidates(self, words):
        """Indexed words starting with the same letter and of about the same length."""
        near = [
            Q(term__gte=word[0], term__lt=chr(ord(word[0]) + 1), length__range=_lengths(word))
            for word in words
        ]
        terms = SearchTerm.objects.annotate(length=Length("term")).filter(reduce(or_, near))
        return set(terms.values_list("term", flat=True))


class PostgreSQL:
    """A weighted tsvector per entry (GIN index), SearchRank, ts_headline; pg_trgm for typos."""

    CONFIG = "english"
    # ts_rank's weights for D, C, B, A: the same ratios as SQLite's bm25 weights.
    WEIGHTS = [0.02, 0.01, 0.04, 0.1]
    # Divide the rank by 1 + the logarithm of the entry's length, as bm25 does in its way: a
    # long section that says "data" forty times does not bury the career Data Scientist.
    NORMALIZATION = 1

    def install(self, cursor):
        # fastupdate off: new rows go straight into the index rather than into a pending list
        # that every search would scan until a VACUUM merges it. Writes are few, reads many.
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS guidesite_searchentry_vector_gin "
            "ON guidesite_searchentry USING gin (vector) WITH (fastupdate = off)"
        )
        # "Did you mean": the indexed words most alike a misspelt one, by trigrams.
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS guidesite_searchterm_term_trgm "
            "ON guidesite_searchterm USING gin (term gin_trgm_ops) WITH (fastupdate = off)"
        )

    def repair(self):
        with connection.cursor() as cursor:
            self.install(cursor)

    def prepare(self, entries):
        """Give each entry its weighted vector, computed by the database as the row is inserted
        (an UPDATE afterwards would leave every row's first version behind as dead space)."""
        config = self.CONFIG
        for entry in entries:
            entry.vector = (
                SearchVector(Value(entry.name), weight="A", config=config)
                + SearchVector(
                    Value(entry.summary), Value(entry.headings), Value(entry.extra),
                    weight="B", config=config,
                )
                + SearchVector(Value(entry.body), weight="C", config=config)
                + SearchVector(Value(entry.context), weight="D", config=config)
            )  # fmt: skip

    def written(self, kind, ids):
        """Derive the SearchHit rows of these rows of `kind` (object ids or a queryset of them;
        None: every row of the kind) again from their entries, as they are now."""
        entries = SearchEntry.objects.filter(kind=kind)
        if ids is not None:
            entries = entries.filter(object_id__in=ids)
        # A page's hits point to its entries: those of entries deleted went with them.
        SearchHit.objects.filter(entry__in=entries).delete()
        try:
            entries_sql, entries_params = entries.values("id").query.sql_with_params()
        except EmptyResultSet:
            return  # no ids: nothing was written
        page = SearchEntry.PAGE_SHIFT
        boost = " ".join(f"WHEN '{key}' THEN {value}" for key, value in BOOST.items())
        # Each word of each entry, scored as a search for that word alone scores it (score()
        # and the tsquery of one stemmed word); a page keeps its best entry, strong before weak,
        # the lowest id among equal scores (as search() picks it). Only words a student can
        # type as one word of letters and digits (HIT_WORD): the others are never looked up.
        sql = f"""
            INSERT INTO guidesite_searchhit (lexeme, page, tier, score, entry_id)
            SELECT DISTINCT ON (lexeme, id >> {page}) lexeme, id >> {page}, tier, score, id
            FROM (
                SELECT word.lexeme, e.id,
                    CASE WHEN word.weights && %s::text[] THEN 0 ELSE 1 END AS tier,
                    ts_rank(%s::float4[], e.vector, word.lexeme::tsquery, {self.NORMALIZATION})
                    * CASE e.kind {boost} END AS score
                FROM guidesite_searchentry e CROSS JOIN LATERAL unnest(e.vector) AS word
                WHERE e.id IN ({entries_sql}) AND word.lexeme ~ %s
            ) AS scored
            ORDER BY lexeme, id >> {page}, tier, score DESC, id
        """  # noqa: S608 (names, shifts and boosts are constants; the rest are parameters)
        params = [list(STRONG_WEIGHTS), self.WEIGHTS, *entries_params, HIT_LEXEME]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    def query(self, words, any_word):
        """The tsquery of every word (or of any one of them), as SQL and its parameters: what
        Django's SearchQuery writes, without its compiler's cost on every search."""
        if any_word:
            sql = " || ".join(["plainto_tsquery(%s::regconfig, %s)"] * len(words))
            return f"({sql})", [value for word in words for value in (self.CONFIG, word)]
        return "plainto_tsquery(%s::regconfig, %s)", [self.CONFIG, " ".join(words)]

    def score(self, query):
        """An entry's score (SQL and parameters): ts_rank with the weights, times its kind's
        boost (the kind is in the id, see SearchEntry.make_id)."""
        query_sql, query_params = query
        boost = " ".join(
            f"WHEN {SearchEntry.KIND_NUMBERS[key]} THEN {value}" for key, value in BOOST.items()
        )
        sql = (
            f"ts_rank(%s::float4[], vector, {query_sql}, {self.NORMALIZATION})"
            f" * CASE id >> {SearchEntry.KIND_SHIFT} {boost} END"
        )
        return sql, [self.WEIGHTS, *query_params]

    def shown(self, query):
        """The entries listed in the CTE `chosen`, with their highlighted texts (SQL and
        parameters)."""
        query_sql, query_params = query
        columns = ", ".join(f"e.{name}" for name in FIELDS)
        marked = [
            (column, HEADLINE_WHOLE) for column in ("name", "summary", "headings", "context")
        ] + [("body", HEADLINE_SNIPPET)]
        headlines = ", ".join(
            f"ts_headline(%s::regconfig, e.{column}, {query_sql}, %s)" for column, _ in marked
        )
        params = [value for _, options in marked for value in (self.CONFIG, *query_params, options)]
        sql = (
            f"SELECT {columns}, {headlines} FROM guidesite_searchentry e"  # noqa: S608
            " WHERE e.id IN (SELECT id FROM chosen)"
        )
        return sql, params

    def search(self, words, any_word, kind, offset, limit):
        if len(words) == 1 and HIT_WORD.fullmatch(words[0]):
            return self.search_hits(words[0], kind, offset, limit)
        query = self.query(words, any_word)
        query_sql, query_params = query
        score_sql, score_params = self.score(query)
        shown_sql, shown_params = self.shown(query)
        # Strong entries have one of the words in a column other than the body (STRONG): in
        # the parts of the vector weighted A, B or D, which a tsquery can ask for ("word:ABD";
        # the words are letters and digits only, see query.py).
        weighted = " | ".join(f"{word}:ABD" for word in words)
        # Kind and page come from the id (SearchEntry.make_id): grouping by integers lets
        # PostgreSQL hash instead of sorting every match. A page's score is its best entry's
        # (`pages`, grouped once for the counts and the ranking; NULL when no entry of the page
        # is a strong one of the chosen kind); only the pages shown look their best entry up.
        shift, page = SearchEntry.KIND_SHIFT, SearchEntry.PAGE_SHIFT
        in_kind, within, bounds = "", "", []
        if kind:
            number = SearchEntry.KIND_NUMBERS[kind]
            bounds = [number << shift, ((number + 1) << shift) - 1]
            in_kind, within = "AND id BETWEEN %s AND %s", "AND id BETWEEN %s AND %s"
        # `matched` reads every match once, for the counts, tells strong entries (tested once
        # per entry: OFFSET 0 keeps the subquery whole) and scores the strong ones of the
        # chosen kind. Weak entries are scored only when this page of results reaches past the
        # strong pages: PostgreSQL tests the constant condition first and skips the scan.
        sql = f"""
            WITH matched AS MATERIALIZED (
                SELECT id, strong, CASE WHEN strong {in_kind} THEN {score_sql} END AS score
                FROM (
                    SELECT id, vector, vector @@ to_tsquery(%s::regconfig, %s) AS strong
                    FROM guidesite_searchentry WHERE vector @@ {query_sql} OFFSET 0
                ) AS found
            ),
            pages AS MATERIALIZED (
                SELECT id >> {page} AS page, MAX(score) AS score FROM matched GROUP BY 1
            ),
            counted AS (
                SELECT json_object_agg(kind, pages) AS counts FROM (
                    SELECT page >> {shift - page} AS kind, COUNT(*) AS pages FROM pages
                    GROUP BY 1
                ) AS kinds
            ),
            strong_best AS (SELECT page, score FROM pages WHERE score IS NOT NULL),
            weak_ids AS MATERIALIZED (
                SELECT id FROM matched
                WHERE (SELECT COUNT(*) FROM strong_best) < %s AND NOT strong {within}
                AND id >> {page} NOT IN (SELECT page FROM strong_best)
            ),
            weak AS MATERIALIZED (
                SELECT id, {score_sql} AS score FROM guidesite_searchentry
                WHERE id IN (SELECT id FROM weak_ids)
            ),
            listed AS (
                SELECT page, score, 0 AS tier FROM strong_best
                UNION ALL SELECT id >> {page}, MAX(score), 1 FROM weak GROUP BY 1
                ORDER BY tier, score DESC, page LIMIT %s OFFSET %s
            ),
            chosen AS (
                SELECT DISTINCT ON (listed.page) scores.id, listed.score, listed.tier
                FROM listed JOIN (
                    SELECT id, score FROM matched WHERE score IS NOT NULL
                    UNION ALL SELECT id, score FROM weak
                ) AS scores ON scores.id >> {page} = listed.page AND scores.score = listed.score
                ORDER BY listed.page, scores.id
            ),
            shown AS ({shown_sql})
            SELECT counted.counts, chosen.tier, chosen.score, shown.* FROM counted
            LEFT JOIN chosen ON true LEFT JOIN shown ON shown.id = chosen.id
            ORDER BY chosen.tier, chosen.score DESC, chosen.id
        """  # noqa: S608 (the parts are constants and SQL built here; values are parameters)
        params = [
            *bounds,
            *score_params,
            self.CONFIG,
            weighted,
            *query_params,
            offset + limit,
            *bounds,
            *score_params,
            limit,
            offset,
            *shown_params,
        ]
        return self._run(sql, params)

    def search_hits(self, word, kind, offset, limit):
        """One word: its pages, their tier and score, and each one's best entry are in
        SearchHit, so counting reads its rows for the word, and a page of results comes from
        the ranking index (search() ranks the same pages in the same order)."""
        shown_sql, shown_params = self.shown(self.query([word], False))
        shift, page = SearchEntry.KIND_SHIFT, SearchEntry.PAGE_SHIFT
        within, bounds = "", []
        if kind:
            number = SearchEntry.KIND_NUMBERS[kind]
            within = "AND page BETWEEN %s AND %s"
            bounds = [number << (shift - page), ((number + 1) << (shift - page)) - 1]
        # The stemmed word, as plainto_tsquery() finds it (one word of HIT_WORD is one lexeme).
        sql = f"""
            WITH word AS MATERIALIZED (
                SELECT (tsvector_to_array(to_tsvector(%s::regconfig, %s)))[1] AS lexeme
            ),
            counted AS (
                SELECT json_object_agg(kind, pages) AS counts FROM (
                    SELECT page >> {shift - page} AS kind, COUNT(*) AS pages
                    FROM guidesite_searchhit WHERE lexeme = (SELECT lexeme FROM word)
                    GROUP BY 1
                ) AS kinds
            ),
            chosen AS (
                SELECT entry_id AS id, score, tier FROM guidesite_searchhit
                WHERE lexeme = (SELECT lexeme FROM word) {within}
                ORDER BY tier, score DESC, page LIMIT %s OFFSET %s
            ),
            shown AS ({shown_sql})
            SELECT counted.counts, chosen.tier, chosen.score, shown.* FROM counted
            LEFT JOIN chosen ON true LEFT JOIN shown ON shown.id = chosen.id
            ORDER BY chosen.tier, chosen.score DESC, chosen.id
        """  # noqa: S608 (the parts are constants and SQL built here; values are parameters)
        params = [self.CONFIG, word, *bounds, limit, offset, *shown_params]
        return self._run(sql, params)

    def _run(self, sql, params):
        """Counts per kind and the page's rows, from a statement of search() or search_hits()."""
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        counts = rows[0][0] if rows and rows[0][0] else {}
        counts = {KIND_OF_NUMBER[int(number)]: pages for number, pages in counts.items()}
        return counts, [_row(row[3:]) for row in rows if row[2] is not None]

    def candidates(self, words):
        """Indexed words sharing enough trigrams with a word (pg_trgm's % operator, indexed)."""
        near = reduce(or_, (Q(TrigramSimilar(F("term"), word)) for word in words))
        likeness = [TrigramSimilarity("term", word) for word in words]
        best = Greatest(*likeness) if len(likeness) > 1 else likeness[0]
        terms = SearchTerm.objects.filter(near).order_by(best.desc(), "term")
        return set(terms.values_list("term", flat=True)[:200])


def _lengths(word):
    return (max(len(word) - 2, 1), len(word) + 2)


def _row(row):
    """A page row as a dict: FIELDS, then the MARKED texts."""
    return dict(zip((*FIELDS, *MARKED), row, strict=True))


def get():
    """The backend for the default database: PostgreSQL, or SQLite's FTS5 otherwise."""
    return PostgreSQL() if connection.vendor == "postgresql" else SQLite()
