"""Fields of study become a controlled vocabulary (programs.Field), and rows made by the
synthetic-data generator are marked.

Each program's free-text field is mapped to a field of the seeded vocabulary by its name, slug
or a synonym, ignoring case and surrounding whitespace. A text that names no field is not
guessed at: the program's field is left empty, for an editor to choose, and the text is kept in
its specialization so the editor sees what it said. Going back writes the field's name (or, for
an unmapped program, the kept text) into the text column again.

The finder's rows now carry the field's key; they are refilled here (and their text filled
again when going back), so the refill in 0004_finder_rows is a no-op.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from programs.finder_rows import rebuild

# name, slug, synonyms, description
VOCABULARY = [
    (
        "Artificial Intelligence",
        "artificial-intelligence",
        "AI\nA.I.",
        "Systems that reason, plan, learn and act: search, knowledge representation, machine "
        "learning and their applications.",
    ),
    (
        "Computer Science",
        "computer-science",
        "CS\nComp Sci\nComputer Sciences",
        "The theory and practice of computing: algorithms, systems, programming languages and "
        "software.",
    ),
    (
        "Computer Vision",
        "computer-vision",
        "CV\nMachine Vision",
        "Getting computers to understand images and video.",
    ),
    (
        "Cybersecurity",
        "cybersecurity",
        "Cyber Security\nCyber-Security\nInformation Security\nInfoSec",
        "Protecting systems, networks and data from attack.",
    ),
    (
        "Data Science",
        "data-science",
        "Data Sciences",
        "Drawing knowledge from data with statistics, machine learning and programming.",
    ),
    (
        "Machine Learning",
        "machine-learning",
        "ML\nMachine-Learning",
        "Algorithms that learn from data to predict, classify and decide.",
    ),
    (
        "Natural Language Processing",
        "natural-language-processing",
        "NLP",
        "Getting computers to read, write and understand human language.",
    ),
    (
        "Robotics",
        "robotics",
        "Robotics Engineering\nRobotic Systems",
        "Machines that sense, plan and act in the physical world.",
    ),
    (
        "Software Engineering",
        "software-engineering",
        "SWE",
        "Designing, building, testing and maintaining software systems.",
    ),
    (
        "Statistics",
        "statistics",
        "Applied Statistics\nStats",
        "Collecting, modelling and drawing conclusions from data.",
    ),
]


def normalize(text):
    # As programs.querysets.normalize, frozen here.
    return " ".join(str(text).split()).casefold()


def terms(field):
    """Every normalized text naming a field; its name and slug before its synonyms."""
    synonyms = field.synonyms.replace(";", "\n").replace(",", "\n").splitlines()
    return [normalize(field.name), normalize(field.slug)] + [
        normalize(s) for s in synonyms if s.strip()
    ]


def lookup_table(field_model):
    """Normalized text -> field key; a name or slug wins over another field's synonym."""
    table = {}
    fields = list(field_model.objects.order_by("name"))
    for field in fields:
        for term in terms(field)[:2]:
            table.setdefault(term, field.pk)
    for field in fields:
        for term in terms(field)[2:]:
            table.setdefault(term, field.pk)
    return table


def constraints_now(schema_editor):
    # PostgreSQL refuses to alter a table with deferred foreign-key checks still pending.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def seed_vocabulary(apps, schema_editor):
    field_model = apps.get_model("programs", "Field")
    for name, slug, synonyms, description in VOCABULARY:
        if not field_model.objects.filter(models.Q(name=name) | models.Q(slug=slug)).exists():
            field_model.objects.create(
                name=name, slug=slug, synonyms=synonyms, description=description
            )


def map_programs(apps, schema_editor):
    program_model = apps.get_model("programs", "Program")
    table = lookup_table(apps.get_model("programs", "Field"))
    texts = program_model.objects.values_list("field_text", flat=True).distinct()
    for text in list(texts):
        programs = program_model.objects.filter(field_text=text)
        key = table.get(normalize(text or ""))
        if key is not None:
            programs.update(field_id=key)
        elif text and text.strip():
            # Left for an editor, with the text kept where the admin shows it.
            programs.filter(specialization="").update(specialization=text.strip()[:100])
    constraints_now(schema_editor)


def unmap_programs(apps, schema_editor):
    program_model = apps.get_model("programs", "Program")
    field_model = apps.get_model("programs", "Field")
    program_model.objects.filter(field__isnull=True).update(field_text=models.F("specialization"))
    program_model.objects.filter(field__isnull=False).update(
        field_text=Subquery(field_model.objects.filter(pk=OuterRef("field_id")).values("name"))
    )
    constraints_now(schema_editor)


def fill_finder_rows(apps, schema_editor):
    rebuild(apps.get_model("programs", "Program"), apps.get_model("programs", "FinderRow"))


def restore_finder_texts(apps, schema_editor):
    program_model = apps.get_model("programs", "Program")
    apps.get_model("programs", "FinderRow").objects.update(
        field=Subquery(program_model.objects.filter(pk=OuterRef("program_id")).values("field"))
    )


TRIGRAM = "program_field_trgm"


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{TRIGRAM}"')


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{TRIGRAM}" ON "programs_program" '
            'USING gin (UPPER("field"::text) gin_trgm_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0007_program_first_published"),
    ]

    operations = [
        migrations.CreateModel(
            name="Field",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Used in the directory's addresses, e.g. ?field=…",
                        max_length=100,
                        unique=True,
                    ),
                ),
                ("description", models.TextField(blank=True)),
                (
                    "synonyms",
                    models.TextField(
                        blank=True,
                        help_text="Other names for this field, one a line or separated by commas, e.g. ML. Case does not matter.",
                    ),
                ),
            ],
            options={
                "verbose_name": "field of study",
                "verbose_name_plural": "fields of study",
                "ordering": ["name"],
            },
        ),
        migrations.RunPython(seed_vocabulary, migrations.RunPython.noop),
        migrations.AddField(
            model_name="program",
            name="is_synthetic",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="school",
            name="is_synthetic",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="program",
            name="specialization",
            field=models.CharField(
                blank=True,
                help_text="Shown with the field, e.g. Deep Learning track. Optional.",
                max_length=100,
            ),
        ),
        migrations.RemoveIndex(model_name="program", name="program_field_idx"),
        migrations.RemoveIndex(model_name="finderrow", name="finder_field_idx"),
        migrations.RunPython(drop_trigram_index, create_trigram_index),
        # The finder's rows are derived: their text column goes (filled again from the programs'
        # texts when going back, while it may still be empty), and the key column comes.
        migrations.AlterField(
            model_name="finderrow", name="field", field=models.CharField(max_length=100, null=True)
        ),
        migrations.RunPython(migrations.RunPython.noop, restore_finder_texts),
        migrations.RemoveField(model_name="finderrow", name="field"),
        migrations.AddField(
            model_name="finderrow",
            name="field",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="programs.field",
            ),
        ),
        migrations.RenameField(model_name="program", old_name="field", new_name="field_text"),
        migrations.AddField(
            model_name="program",
            name="field",
            field=models.ForeignKey(
                help_text="Used by the directory, the quiz and the guides, e.g. Machine Learning.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="programs",
                to="programs.field",
                verbose_name="field of study",
            ),
        ),
        # Nullable first, so that going back can add the column before filling it.
        migrations.AlterField(
            model_name="program",
            name="field_text",
            field=models.CharField(max_length=100, null=True),
        ),
        migrations.RunPython(map_programs, unmap_programs),
        migrations.RemoveField(model_name="program", name="field_text"),
        migrations.AddIndex(
            model_name="program",
            index=models.Index(fields=["is_published", "field"], name="program_field_idx"),
        ),
        migrations.AddIndex(
            model_name="finderrow",
            index=models.Index(fields=["field", "tuition_total"], name="finder_field_idx"),
        ),
        migrations.RunPython(fill_finder_rows, migrations.RunPython.noop),
    ]
