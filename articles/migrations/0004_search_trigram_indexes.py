"""Trigram indexes for site search on PostgreSQL; other databases keep their plain scans.

Search filters with icontains, which PostgreSQL runs as UPPER(column) LIKE UPPER('%word%'):
a GIN index of trigrams over that same expression answers it without reading every row.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    ("articleversion_title_trgm", "articles_articleversion", "title"),
    ("articleversion_dek_trgm", "articles_articleversion", "dek"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_ordered_programs_and_careers"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=True),
    ]
