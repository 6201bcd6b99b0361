"""Programs and careers on a version become ordered links (no rows exist yet to carry over)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_editorial_groups"),
        ("careers", "0001_initial"),
        ("programs", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(model_name="articleversion", name="programs"),
        migrations.RemoveField(model_name="articleversion", name="careers"),
        migrations.CreateModel(
            name="ArticleProgram",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0)),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="program_links",
                        to="articles.articleversion",
                    ),
                ),
                (
                    "program",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="article_links",
                        to="programs.program",
                    ),
                ),
            ],
            options={
                "ordering": ["order", "id"],
                "verbose_name": "program in the widget",
                "verbose_name_plural": "programs in the widget",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("version", "program"), name="version_program_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ArticleCareer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0)),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="career_links",
                        to="articles.articleversion",
                    ),
                ),
                (
                    "career",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="article_links",
                        to="careers.career",
                    ),
                ),
            ],
            options={
                "ordering": ["order", "id"],
                "verbose_name": "career card",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("version", "career"), name="version_career_unique"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="articleversion",
            name="programs",
            field=models.ManyToManyField(
                blank=True,
                related_name="article_versions",
                through="articles.ArticleProgram",
                to="programs.program",
            ),
        ),
        migrations.AddField(
            model_name="articleversion",
            name="careers",
            field=models.ManyToManyField(
                blank=True,
                related_name="article_versions",
                through="articles.ArticleCareer",
                to="careers.career",
            ),
        ),
    ]
