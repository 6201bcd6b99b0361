"""The site search index (guidesite/search/): entries, the vocabulary for "did you mean", and
each database's own index structures: an FTS5 table with its triggers on SQLite, a GIN index of
the weighted vectors and a trigram index of the words on PostgreSQL.

The entries fill themselves after the migrate when the database has content
(GuidesiteConfig.ready: index.fill_if_empty); `manage.py rebuild_search_index` refills them.
"""

import django.contrib.postgres.search
from django.db import migrations, models

# Written out here rather than imported from guidesite/search/backends.py (whose install() does
# the same today), so this migration keeps doing what it did when the code moves on.
FTS = "guidesite_searchentry_fts"
COLUMNS = "name, summary, headings, body, extra, context"
NEW = "new.name, new.summary, new.headings, new.body, new.extra, new.context"
OLD = "old.name, old.summary, old.headings, old.body, old.extra, old.context"
DELETE = f"INSERT INTO {FTS}({FTS}, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD});"  # noqa: S608
INSERT = f"INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES (new.id, {NEW});"  # noqa: S608
SQLITE = [
    # External content: the text stays in guidesite_searchentry; the porter tokenizer stems.
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5({COLUMNS}, "
    "content='guidesite_searchentry', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_insert AFTER INSERT ON guidesite_searchentry "
    f"BEGIN {INSERT} END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_delete AFTER DELETE ON guidesite_searchentry "
    f"BEGIN {DELETE} END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_update AFTER UPDATE ON guidesite_searchentry "
    f"BEGIN {DELETE} {INSERT} END",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]
# fastupdate off: new rows go straight into the GIN indexes, not into a pending list that
# every search would scan until a VACUUM merges it.
POSTGRESQL = [
    "CREATE INDEX IF NOT EXISTS guidesite_searchentry_vector_gin "
    "ON guidesite_searchentry USING gin (vector) WITH (fastupdate = off)",
    "CREATE INDEX IF NOT EXISTS guidesite_searchterm_term_trgm "
    "ON guidesite_searchterm USING gin (term gin_trgm_ops) WITH (fastupdate = off)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS guidesite_searchentry_vector_gin",
    "DROP INDEX IF EXISTS guidesite_searchterm_term_trgm",
]


def _run(schema_editor, statements):
    vendor = schema_editor.connection.vendor
    for statement in statements.get(vendor, []):
        schema_editor.execute(statement, params=None)


def install(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL})


def uninstall(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        # pg_trgm is created there (a no-op on SQLite).
        ("articles", "0004_search_trigram_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("term", models.CharField(max_length=40, unique=True)),
            ],
        ),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("guides", "Guides"),
                            ("programs", "Programs"),
                            ("schools", "Schools"),
                            ("careers", "Careers"),
                            ("people", "People"),
                        ],
                        max_length=10,
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("url", models.CharField(max_length=300)),
                ("anchor", models.CharField(blank=True, max_length=200)),
                ("title", models.CharField(max_length=300)),
                ("subtitle", models.CharField(blank=True, max_length=300)),
                ("name", models.CharField(blank=True, max_length=300)),
                ("summary", models.TextField(blank=True)),
                ("headings", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("extra", models.TextField(blank=True)),
                ("context", models.CharField(blank=True, max_length=300)),
                ("is_partner", models.BooleanField(default=False)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
            ],
            options={
                "verbose_name_plural": "search entries",
                "indexes": [
                    models.Index(fields=["kind", "object_id"], name="search_entry_object_idx")
                ],
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
