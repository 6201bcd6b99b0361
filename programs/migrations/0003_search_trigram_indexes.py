"""Trigram indexes for site search on PostgreSQL; other databases keep their plain scans.

Search filters with icontains, which PostgreSQL runs as UPPER(column) LIKE UPPER('%word%'):
a GIN index of trigrams over that same expression answers it without reading every row.
"""

from django.db import migrations

INDEXES = [
    ("program_name_trgm", "programs_program", "name"),
    ("program_field_trgm", "programs_program", "field"),
    ("school_name_trgm", "programs_school", "name"),
    ("school_city_trgm", "programs_school", "city"),
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
        ("programs", "0002_directory_sort_indexes"),
        # The pg_trgm extension is created there.
        ("articles", "0004_search_trigram_indexes"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=True),
    ]
