"""SearchHit: the pages of each indexed word, with their best entry's tier and score, which a
one-word search reads on PostgreSQL instead of scoring every entry that has the word.

On PostgreSQL the rows are derived here from the entries already indexed; later writes keep
them in step (guidesite/search/backends.py, PostgreSQL.written).
"""

import django.db.models.deletion
from django.db import migrations, models

# Written out here rather than imported from guidesite/search/backends.py (whose written() does
# the same today), so this migration keeps doing what it did when the code moves on: ts_rank's
# weights and normalization, and the boost of each kind (guidesite/search/documents.py).
FILL = """
    INSERT INTO guidesite_searchhit (lexeme, page, tier, score, entry_id)
    SELECT DISTINCT ON (lexeme, id >> 8) lexeme, id >> 8, tier, score, id
    FROM (
        SELECT word.lexeme, e.id,
            CASE WHEN word.weights && ARRAY['A', 'B', 'D'] THEN 0 ELSE 1 END AS tier,
            ts_rank('{0.02, 0.01, 0.04, 0.1}'::float4[], e.vector, word.lexeme::tsquery, 1)
            * CASE e.kind WHEN 'guides' THEN 1.5 WHEN 'careers' THEN 1.3 WHEN 'people' THEN 1.2
                WHEN 'schools' THEN 1.1 WHEN 'programs' THEN 1.0 END AS score
        FROM guidesite_searchentry e CROSS JOIN LATERAL unnest(e.vector) AS word
        WHERE word.lexeme ~ '^[a-z0-9]{1,40}$'
    ) AS scored
    ORDER BY lexeme, id >> 8, tier, score DESC, id
"""


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("guidesite", "0001_search_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchHit",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "lexeme",
                        "page",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("lexeme", models.CharField(max_length=100)),
                ("page", models.BigIntegerField()),
                ("tier", models.PositiveSmallIntegerField()),
                ("score", models.FloatField()),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DB_CASCADE,
                        related_name="+",
                        to="guidesite.searchentry",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["lexeme", "tier", "-score", "page"], name="search_hit_rank_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
