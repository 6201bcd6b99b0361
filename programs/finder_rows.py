"""Upkeep of FinderRow, the finder's narrow copy of each published program.

A program's row is rebuilt whenever the program, its school or its admission rules are saved,
in the same transaction, so the directory and the quiz never disagree with the program page.
Changes that send no signals (QuerySet.update(), bulk_create(), raw SQL) must call refresh()
themselves, as the admin's publish actions and generate_programs do; `manage.py refresh_finder`
rebuilds every row.
"""

from django.db import transaction
from django.db.models import Count, Max, Min
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from core import pagecache

from . import cache_tags
from .models import AdmissionRule, Field, FinderRow, Program, School

# FinderRow column: the Program values() path it is copied from.
COPIED = {
    "program_id": "pk",
    "name": "name",
    "field_id": "field",
    "degree": "degree",
    "format": "format",
    "pacing": "pacing",
    "culminating": "culminating",
    "tuition_total": "tuition_total",
    "duration_min_months": "duration_min_months",
    "state": "school__state",
    "partner": "school__is_partner",
    "acceptance_rate": "school__acceptance_rate",
    "min_gpa": "admission__min_gpa",
    "gre_min_total": "admission__gre_min_total",
    "requires_programming": "admission__requires_programming",
    "requires_math": "admission__requires_math",
}
# A program without admission rules: every rule unknown.
NO_RULES = {
    "no_gre": False,
    "min_gpa": None,
    "gre_policy": "unknown",
    "gre_min_total": None,
    "bachelors": "unknown",
    "requires_programming": None,
    "requires_math": None,
}


def rebuild(program_model, row_model, program_ids=None):
    """Bring the rows of these programs (a list or a pk queryset; None: all) up to date.

    An upsert rather than delete-and-insert, so two saves touching one program at the same
    moment (a school and one of its programs, say) cannot collide on its row, and the programs
    are locked first, so the later of the two reads what the earlier one committed.
    Takes the model classes so the migration that creates the table can fill it too.
    """
    with transaction.atomic():
        return _rebuild(program_model, row_model, program_ids)


def _rebuild(program_model, row_model, program_ids):
    programs = program_model.objects.filter(is_published=True)
    scope = row_model.objects.all()
    if program_ids is not None:
        programs = programs.filter(pk__in=program_ids)
        scope = scope.filter(program_id__in=program_ids)
        # Wait for any other transaction changing these programs, then read what it committed:
        # without the lock, saving a school while one of its programs is being saved could
        # write the program's old values over the new ones (PostgreSQL; SQLite has one writer).
        list(
            program_model.objects.filter(pk__in=program_ids)
            .select_for_update()
            .values_list("pk", flat=True)
        )
    scope.exclude(program_id__in=programs.values("pk")).delete()  # unpublished or gone
    values = programs.values(
        *COPIED.values(),
        "has_financial_aid",
        "school__accreditor",
        "admission__pk",
        "admission__gre_policy",
        "admission__bachelors",
    )
    rows = [_row(row_model, source) for source in values.iterator(chunk_size=2000)]
    row_model.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["program"],
        update_fields=[
            field.name
            for field in row_model._meta.concrete_fields
            if not field.primary_key and not field.generated
        ],
    )
    return len(rows)


def _row(row_model, source):
    row = {column: source[path] for column, path in COPIED.items()}
    row.update(
        aid=source["has_financial_aid"] is True, accredited=source["school__accreditor"] != ""
    )
    if source["admission__pk"] is None:
        row.update(NO_RULES)
    else:
        row.update(
            no_gre=source["admission__gre_policy"] in ("not_required", "optional"),
            gre_policy=source["admission__gre_policy"],
            bachelors=source["admission__bachelors"],
        )
    return row_model(**row)


# Sent by refresh() with its `program_ids` (None: every program), so other derived copies of
# programs and schools follow the same single and bulk paths: the site search listens
# (guidesite/search/signals.py), which this app cannot import.
refreshed = Signal()


def refresh(program_ids=None):
    """Rebuild the rows of these programs (None: every program) and the figures of the fields
    of study they were and are in; returns how many rows exist now."""
    if program_ids is None:
        count = rebuild(Program, FinderRow)
        refresh_fields()
    else:
        before = _fields_of(program_ids)
        count = rebuild(Program, FinderRow, program_ids)
        refresh_fields(before | _fields_of(program_ids))
    # Facet counts and pages cached from the old rows must go, even when this runs after the
    # page cache's own save signal (receivers run in app order) or with no signal at all:
    # those that show these programs (core/pagecache.py), or every page for all programs.
    pagecache.invalidate(cache_tags.of_programs(program_ids))
    refreshed.send(sender=Program, program_ids=program_ids)
    return count


def _fields_of(program_ids):
    rows = FinderRow.objects.filter(program_id__in=program_ids, field__isnull=False)
    return set(rows.values_list("field_id", flat=True).order_by().distinct())


def refresh_fields(field_ids=None):
    """Store each field's count of published programs and their total tuition range, from the
    finder rows (all fields, or those given by key). The pages showing a field's figures carry
    its tag, which refresh() drops with its programs' (programs/cache_tags.py)."""
    if field_ids is None:
        field_ids = Field.objects.values_list("pk", flat=True)
    fields = {pk: Field(pk=pk, published_programs=0) for pk in field_ids}
    if not fields:
        return
    figures = (
        FinderRow.objects.filter(field__in=list(fields))
        .values("field")
        .annotate(total=Count("pk"), low=Min("tuition_total"), high=Max("tuition_total"))
        .order_by()
    )
    for row in figures:
        field = fields[row["field"]]
        field.published_programs, field.tuition_low, field.tuition_high = (
            row["total"],
            row["low"],
            row["high"],
        )
    Field.objects.bulk_update(
        fields.values(), ["published_programs", "tuition_low", "tuition_high"], batch_size=500
    )


def _program_saved(sender, instance, **kwargs):
    refresh([instance.pk])


def _program_deleted(sender, instance, **kwargs):
    # Its row went with it (CASCADE); its field's figures follow.
    if instance.field_id is not None:
        refresh_fields([instance.field_id])


def _school_saved(sender, instance, **kwargs):
    refresh(Program.objects.filter(school=instance).values("pk"))


def _field_saved(sender, instance, raw=False, **kwargs):
    # The rows keep only the field's key, but the search entries of its programs carry its name
    # and synonyms; refresh() tells the search, and moves the public pages on.
    if not raw:
        refresh(Program.objects.filter(field=instance).values("pk"))


def _rules_saved(sender, instance, **kwargs):
    refresh([instance.program_id])


def _rules_deleted(sender, instance, **kwargs):
    # An update, not a rebuild: when the program itself is being deleted, its row already is.
    FinderRow.objects.filter(pk=instance.program_id).update(**NO_RULES)
    pagecache.invalidate([f"program-{instance.program_id}", cache_tags.PROGRAM_LIST])


def connect():
    """Keep rows in step with single saves; called from ProgramsConfig.ready()."""
    post_save.connect(_program_saved, sender=Program, dispatch_uid="finder-program")
    post_delete.connect(_program_deleted, sender=Program, dispatch_uid="finder-program-gone")
    post_save.connect(_school_saved, sender=School, dispatch_uid="finder-school")
    post_save.connect(_rules_saved, sender=AdmissionRule, dispatch_uid="finder-rules")
    post_save.connect(_field_saved, sender=Field, dispatch_uid="finder-field")
    post_delete.connect(_rules_deleted, sender=AdmissionRule, dispatch_uid="finder-rules-gone")
