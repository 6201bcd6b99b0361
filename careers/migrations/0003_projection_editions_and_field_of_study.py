"""Projection editions the editors record, and a career's related field from the vocabulary.

The related program field was free text; it becomes a key to programs.Field, mapped by the
field's name, slug or a synonym, ignoring case and surrounding whitespace, as the programs'
own fields were (programs/0008_fields_of_study). A text that names no field is not guessed at:
the career's related field is left empty for an editor, and the migration lists those careers.
Going back writes the field's name into the text column again.
"""

import sys

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def normalize(text):
    # As programs.querysets.normalize, frozen here.
    return " ".join(str(text).split()).casefold()


def lookup_table(field_model):
    """Normalized text -> field key; a name or slug wins over another field's synonym."""
    table, synonyms = {}, {}
    for field in field_model.objects.order_by("name"):
        table.setdefault(normalize(field.name), field.pk)
        table.setdefault(normalize(field.slug), field.pk)
        for synonym in field.synonyms.replace(";", "\n").replace(",", "\n").splitlines():
            if synonym.strip():
                synonyms.setdefault(normalize(synonym), field.pk)
    return synonyms | table


def map_careers(apps, schema_editor):
    career_model = apps.get_model("careers", "Career")
    table = lookup_table(apps.get_model("programs", "Field"))
    unmapped = []
    for text in list(career_model.objects.values_list("program_field_text", flat=True).distinct()):
        careers = career_model.objects.filter(program_field_text=text)
        key = table.get(normalize(text))
        if key is not None:
            careers.update(program_field_id=key)
        elif text.strip():
            unmapped += [f"{title}: “{text}”" for title in careers.values_list("title", flat=True)]
    if unmapped:
        sys.stdout.write(
            "\n  Careers whose related program field names no field of study (left empty for "
            "an editor):\n    " + "\n    ".join(unmapped) + "\n"
        )
    if schema_editor.connection.vendor == "postgresql":
        # PostgreSQL refuses to alter a table with deferred foreign-key checks still pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def unmap_careers(apps, schema_editor):
    field_model = apps.get_model("programs", "Field")
    apps.get_model("careers", "Career").objects.filter(program_field__isnull=False).update(
        program_field_text=Subquery(
            field_model.objects.filter(pk=OuterRef("program_field_id")).values("name")
        )
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0002_career_first_published"),
        ("programs", "0008_fields_of_study"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProjectionEdition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        blank=True,
                        help_text="E.g. BLS Employment Projections 2023-33. Filled in from the period if empty.",
                        max_length=100,
                        unique=True,
                    ),
                ),
                (
                    "start_year",
                    models.PositiveSmallIntegerField(
                        unique=True,
                        validators=[
                            django.core.validators.MinValueValidator(1990),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                    ),
                ),
                (
                    "end_year",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1990),
                            django.core.validators.MaxValueValidator(2100),
                        ]
                    ),
                ),
                (
                    "published_on",
                    models.DateField(blank=True, help_text="Empty if not known.", null=True),
                ),
                (
                    "url",
                    models.URLField(
                        blank=True,
                        help_text="The BLS release or its tables.",
                        verbose_name="source",
                    ),
                ),
            ],
            options={
                "verbose_name": "projection edition",
                "ordering": ["-start_year"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("start_year__lt", models.F("end_year"))),
                        name="projection_edition_period_ordered",
                        violation_error_message="The projection period must end after it starts.",
                    )
                ],
            },
        ),
        migrations.RenameField(
            model_name="career", old_name="program_field", new_name="program_field_text"
        ),
        migrations.AddField(
            model_name="career",
            name="program_field",
            field=models.ForeignKey(
                blank=True,
                help_text="Programs in this field are shown as related, e.g. Machine Learning.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="careers",
                to="programs.field",
                verbose_name="related field of study",
            ),
        ),
        migrations.RunPython(map_careers, unmap_careers),
        migrations.RemoveField(model_name="career", name="program_field_text"),
    ]
