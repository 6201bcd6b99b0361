"""Who changed what, when and why: the recorded history of the site's data (schools, programs,
admission rules, courses, fields of study, careers, site pages).

Each tracked model declares `history = HistoricalRecords()` (this module's subclass of
django-simple-history's); every save and delete through the ORM then writes a historical row
with all the model's columns, the user and a change reason:

- in the admin, the user comes from the request (simple-history's HistoryRequestMiddleware) and
  the reason is empty, or "Reverted to <date> by <user>" for a revert (`revert()`);
- a management command runs inside `recorded_as("manage.py <command>")` (a command that does
  not is still named: `manage.py <command>` from the command line), with no user;
- bulk writes (`bulk_create()`, `bulk_update()`) send no signals: the caller records them with
  `record_bulk(model, objs, user=..., reason=...)` in the same transaction;
- `save(obj, user=..., reason=...)` saves one object with a reason of its own (for instance a
  note that the figures were checked).

`compare()` and `describe()` turn two states into field-by-field changes as an editor reads
them (labels, choice names, related objects' names, word-level differences in long text);
`revert()` brings an object back to a recorded state, as a new recorded change.
"""

import difflib
import re
import sys
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import simple_history.models
from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import connections, models, router, transaction
from django.utils import dateformat, timezone
from django.utils.text import capfirst
from simple_history.utils import get_history_manager_for_model

CREATED, CHANGED, DELETED = "+", "~", "-"
BULK_BATCH = 5000
# A text longer than this (or with a line break) is compared word by word.
LONG_TEXT = 80
# Unchanged text around a change: this many characters on each side, the rest left out.
KEEP_AROUND = 80
# Words, runs of whitespace, and punctuation on its own.
TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]")

_defaults = ContextVar("history_defaults", default=None)
_paused = ContextVar("history_paused", default=False)


@dataclass(frozen=True)
class _Defaults:
    reason: str | None
    user: object | None


def _user_or_none(user):
    """A signed-in user for the history_user column; anonymous or missing is None."""
    return user if getattr(user, "is_authenticated", False) else None


# Each tracked model's recorder, for record() (filled as the models are prepared).
_recorders = {}


class HistoricalRecords(simple_history.models.HistoricalRecords):
    """simple-history's recorder, with the defaults of `recorded_as()` and `paused()`, and a
    64-bit history_id like every other table's key.

    A GeneratedField (Program.tuition_total) stays generated in the historical table, from the
    historical row's own columns: the recorded total always matches the recorded amount, basis
    and credits, even when the saved object's copy of it is stale (after a bulk_update()).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("history_id_field", models.BigAutoField(primary_key=True))
        super().__init__(**kwargs)

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name, copied in list(fields.items()):
            if copied.generated:
                # A fresh field: the copy would share the original's cached query parts.
                _name, _path, args, kwargs = model._meta.get_field(name).deconstruct()
                fresh = models.GeneratedField(*args, **kwargs)
                fresh.name = name
                fields[name] = fresh
        return fields

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if self.cls is sender:
            _recorders[sender] = self

    def post_save(self, instance, created, using=None, **kwargs):
        if not _paused.get():
            super().post_save(instance, created, using=using, **kwargs)

    def post_delete(self, instance, using=None, **kwargs):
        if not _paused.get():
            super().post_delete(instance, using=using, **kwargs)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not _paused.get():
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)

    def get_history_user(self, instance):
        if hasattr(instance, "_history_user"):
            return _user_or_none(instance._history_user)
        defaults = _defaults.get()
        if defaults is not None and defaults.user is not None:
            return _user_or_none(defaults.user)
        return _user_or_none(super().get_history_user(instance))

    def get_change_reason_for_object(self, instance, history_type, using):
        reason = super().get_change_reason_for_object(instance, history_type, using)
        if reason:
            return reason
        defaults = _defaults.get()
        if defaults is not None and defaults.reason:
            return defaults.reason
        if getattr(self.context, "request", None) is None:
            return command_line_reason()
        return None


def command_line_reason():
    """ "manage.py <command>" when this process is a management command run from the shell."""
    if len(sys.argv) > 1 and Path(sys.argv[0]).name in ("manage.py", "django-admin"):
        return f"manage.py {sys.argv[1]}"
    return None


@contextmanager
def recorded_as(reason, user=None):
    """Every change recorded inside carries this reason (and user), unless it sets its own."""
    token = _defaults.set(_Defaults(reason, user))
    try:
        yield
    finally:
        _defaults.reset(token)


def command(name):
    """The context of a management command: `with history.command("generate_programs"):`."""
    return recorded_as(f"manage.py {name}")


@contextmanager
def paused():
    """Nothing is recorded inside: for rows that are thrown away with their history."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def is_tracked(model):
    return hasattr(model._meta, "simple_history_manager_attribute")


def history_of(model):
    """The model's history manager (every historical row of every object)."""
    return get_history_manager_for_model(model)


def save(obj, *, user=None, reason=None, **save_kwargs):
    """Save `obj`, recording `user` and `reason` with the change."""
    if user is not None:
        obj._history_user = user
    if reason:
        obj._change_reason = reason
    try:
        obj.save(**save_kwargs)
    finally:
        obj.__dict__.pop("_history_user", None)
        obj.__dict__.pop("_change_reason", None)
    return obj


def record(obj, *, user=None, created=False):
    """Record `obj` as it is now, with its many-to-many fields: for a save made while history
    was paused (an admin form records the object once, after its many-to-many fields are set,
    rather than once for the fields and again for each add and remove)."""
    if _paused.get() or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    if user is not None:
        obj._history_user = user
    try:
        _recorders[type(obj)].create_historical_record(obj, CREATED if created else CHANGED)
    finally:
        obj.__dict__.pop("_history_user", None)


def record_bulk(model, objs, *, user=None, reason=None, created=False, date=None):
    """Record objects written with bulk_create() (`created=True`) or bulk_update().

    Call it after the bulk write, in the same transaction: `objs` (instances with their primary
    keys, or the keys themselves) are recorded as the database now holds them, copied table to
    table by one INSERT ... SELECT per few thousand rows, so 10,000 programs take a moment and
    a generated column is computed by the historical table itself. `user` and `reason` default
    to those of `recorded_as()`. Returns the number of rows recorded.
    """
    if _paused.get() or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return 0
    ids = [getattr(obj, "pk", obj) for obj in objs]
    if any(pk is None for pk in ids):
        raise ValueError(f"record_bulk() needs saved {model._meta.verbose_name_plural}.")
    defaults = _defaults.get()
    if defaults is not None:
        user = user if user is not None else defaults.user
        reason = reason or defaults.reason
    historical = history_of(model).model
    names = [f.name for f in historical.tracked_fields if not f.generated]
    user = _user_or_none(user)
    return _copy_rows(
        model,
        historical,
        names,
        date=date or timezone.now(),
        kind=CREATED if created else CHANGED,
        user_id=user.pk if user is not None else None,
        reason=reason or None,
        ids=ids,
    )


def _copy_rows(model, historical, names, *, date, kind, user_id, reason, ids=None, using=None):
    """INSERT INTO the historical table SELECT the fields `names` of the rows `ids` (None: all)
    of the model's table, with the history columns given; the number of rows copied."""
    connection = connections[using or router.db_for_write(historical)]
    quote = connection.ops.quote_name
    opts, history_opts = model._meta, historical._meta
    targets = [history_opts.get_field(name).column for name in names] + [
        history_opts.get_field(name).column
        for name in ("history_date", "history_type", "history_user", "history_change_reason")
    ]
    values = [
        history_opts.get_field("history_date").get_db_prep_save(date, connection),
        kind,
        user_id,
        reason,
    ]
    statement = (
        f"INSERT INTO {quote(history_opts.db_table)} "  # noqa: S608 (names, quoted)
        f"({', '.join(quote(column) for column in targets)}) "
        f"SELECT {', '.join(quote(opts.get_field(name).column) for name in names)}, "
        f"%s, %s, %s, %s FROM {quote(opts.db_table)}"
    )
    copied = 0
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(statement, values)
            return cursor.rowcount
        for start in range(0, len(ids), BULK_BATCH):
            chunk = [
                opts.pk.get_db_prep_value(pk, connection) for pk in ids[start : start + BULK_BATCH]
            ]
            cursor.execute(
                f"{statement} WHERE {quote(opts.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [*values, *chunk],
            )
            copied += cursor.rowcount
    return copied


# What the first row of each object says when the history starts with the object already there.
BASELINE_REASON = "Recorded when history began"
# The fields simple-history adds to each historical table.
HISTORY_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}


def record_existing(app_label, model_name):
    """A migration step (RunPython) that records every existing row of a model as it is, so the
    first change made afterwards shows its old values."""

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        historical = apps.get_model(app_label, f"Historical{model_name}")
        names = [
            f.name
            for f in historical._meta.concrete_fields
            if not f.generated and f.name not in HISTORY_FIELDS
        ]
        _copy_rows(
            model,
            historical,
            names,
            date=timezone.now(),
            kind=CREATED,
            user_id=None,
            reason=BASELINE_REASON,
            using=schema_editor.connection.alias,
        )

    return forwards


# --- Differences ----------------------------------------------------------------------------


def shown_fields(model):
    """The fields a change can touch, in the model's order: not the primary key, not the
    timestamps Django sets on every save (created_at, updated_at)."""
    tracked = {f.name for f in history_of(model).model.tracked_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.name in tracked
        and not f.primary_key
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]


def revertible_fields(model):
    """The fields a revert brings back: those an editor sets. Derived columns follow them;
    facts such as the first publication stay as they are."""
    return [f for f in shown_fields(model) if f.editable]


def m2m_fields(model):
    """The many-to-many fields recorded with each change (`HistoricalRecords(m2m_fields=...)`):
    a career's hand-picked programs."""
    return list(getattr(history_of(model).model, "_history_m2m_fields", ()))


def related_keys(obj, f):
    """The keys `obj` holds in the many-to-many field `f`: a historical row's recorded ones,
    the ones a revert plans (plan()), or an object's in the database."""
    known = getattr(obj, "_planned_m2m", None) or getattr(obj, "_recorded_m2m", None)
    if known is not None:
        return known[f.name]
    if hasattr(obj, "history_id"):
        rows = _recorded(obj.instance_type, f).filter(history_id=obj.history_id)
        return frozenset(rows.values_list(f.m2m_reverse_name(), flat=True))
    return frozenset(getattr(obj, f.name).values_list("pk", flat=True))


def _recorded(model, f):
    """The rows recording the many-to-many field `f` of `model` with each historical row."""
    return _recorders[model].m2m_models[f].objects


def _load_m2m(model, records):
    """Each record's many-to-many keys as related_keys() reads them, one query per field."""
    fields = m2m_fields(model)
    if not fields:
        return
    for record in records:
        record._recorded_m2m = {f.name: set() for f in fields}
    by_id = {record.history_id: record for record in records}
    for f in fields:
        rows = _recorded(model, f).filter(history_id__in=list(by_id))
        for history_id, key in rows.values_list("history_id", f.m2m_reverse_name()):
            by_id[history_id]._recorded_m2m[f.name].add(key)
    for record in records:
        record._recorded_m2m = {
            name: frozenset(keys) for name, keys in record._recorded_m2m.items()
        }


@dataclass
class Change:
    """One field's change, old -> new; `describe()` fills in how each reads."""

    field: models.Field
    old: object
    new: object
    old_text: str = ""
    new_text: str = ""
    # For long text: [(op, text)] with op "equal", "delete" or "insert", word by word.
    segments: list = field(default_factory=list)

    @property
    def old_segments(self):
        """The old text with what was deleted marked."""
        return [(op, text) for op, text in self.segments if op != "insert"]

    @property
    def new_segments(self):
        """The new text with what was inserted marked."""
        return [(op, text) for op, text in self.segments if op != "delete"]

    @property
    def name(self):
        return self.field.name

    @property
    def label(self):
        return capfirst(self.field.verbose_name)


def _file_name(value):
    """A file field's stored name: historical rows keep it as text, instances as a FieldFile."""
    return getattr(value, "name", value) or ""


def compare(model, old, new, fields=None):
    """The changes from `old` to `new`: historical rows or instances of `model`. With `old`
    None (a creation), the values an editor set, and derived ones."""
    if fields is None:
        fields = shown_fields(model)
        if old is None:
            fields = [f for f in fields if f.editable or f.generated]
    changes = []
    for f in fields:
        before = None if old is None else getattr(old, f.attname)
        after = getattr(new, f.attname)
        if isinstance(f, models.FileField):
            before, after = _file_name(before), _file_name(after)
        if old is None and (after is None or after == ""):
            continue
        if old is None or before != after:
            changes.append(Change(f, before, after))
    for f in m2m_fields(model):
        before = frozenset() if old is None else related_keys(old, f)
        after = related_keys(new, f)
        if before != after and (old is not None or after):
            changes.append(Change(f, before, after))
    return changes


def describe(changes):
    """Fill in how each change reads: one query per related model for the names of objects."""
    wanted = {}
    for change in changes:
        if change.field.is_relation:
            for value in (change.old, change.new):
                keys = value if isinstance(value, frozenset) else {value} - {None}
                wanted.setdefault(change.field.related_model, set()).update(keys)
    names = {
        related: {obj.pk: str(obj) for obj in _named_rows(related, ids)}
        for related, ids in wanted.items()
    }
    for change in changes:
        change.old_text = display(change.field, change.old, names)
        change.new_text = display(change.field, change.new, names)
        if _is_long(change.field, change.old) or _is_long(change.field, change.new):
            change.segments = word_diff(change.old or "", change.new or "")
    return changes


def _named_rows(model, ids):
    """The rows of `model` with these keys, with the required relations their names may read
    (a program's school) in the same query."""
    rows = model._base_manager.filter(pk__in=sorted(ids, key=str))
    required = [f.name for f in model._meta.concrete_fields if f.many_to_one and not f.null]
    return rows.select_related(*required) if required else rows


def _is_long(f, value):
    return (
        isinstance(value, str)
        and not f.choices
        and (isinstance(f, models.TextField) or len(value) > LONG_TEXT or "\n" in value)
    )


def display(f, value, names=None):
    """A value as an editor reads it: "" for empty, choice names, Yes/No/Unknown, names of
    related objects, dates in words."""
    if isinstance(f, models.BooleanField):
        return {True: "Yes", False: "No"}.get(value, "Unknown")
    if value is None or value == "":
        return ""
    if f.is_relation:
        if isinstance(value, frozenset):  # a many-to-many field: its objects, by name
            return ", ".join(sorted(display(f, key, names) for key in value))
        name = (names or {}).get(f.related_model, {}).get(value)
        return (
            name if name is not None else f"{f.related_model._meta.verbose_name} {value} (deleted)"
        )
    if f.flatchoices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.DateTimeField):
        return dateformat.format(timezone.localtime(value), "j M Y, H:i")
    if isinstance(f, models.DateField):
        return dateformat.format(value, "j M Y")
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def word_diff(old, new):
    """[(op, text)]: the words of `new` with what was deleted from `old` and inserted; long
    unchanged stretches are shortened to their ends."""
    a, b = TOKEN_RE.findall(old), TOKEN_RE.findall(new)
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            segments.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("insert", "".join(b[j1:j2])))
        if op == "equal":
            segments.append(("equal", _shortened("".join(a[i1:i2]))))
    return segments


def _shortened(text, keep=KEEP_AROUND):
    if len(text) <= 3 * keep:
        return text
    return f"{text[:keep]} … {text[-keep:]}"


# --- Timelines ------------------------------------------------------------------------------


@dataclass
class Entry:
    """One recorded change of one object: the historical row, and what it changed."""

    record: object
    model: type
    previous: object = None
    changes: list = field(default_factory=list)
    # The newest record of an object that still exists: the object's current state.
    is_current: bool = False
    # The object has since been deleted.
    object_gone: bool = False

    @property
    def kind(self):
        return self.record.history_type

    @property
    def object_id(self):
        return self.record.pk_value

    @property
    def when(self):
        return when(self.record.history_date)

    @property
    def iso(self):
        """The moment for <time datetime>, to the second."""
        return iso(self.record.history_date)

    @property
    def by(self):
        """Who made the change; "" for a command or an import run by no one signed in."""
        return person(self.record.history_user)

    @property
    def reason(self):
        return self.record.history_change_reason or ""

    @property
    def is_baseline(self):
        """The first row of an object that existed before its history was recorded."""
        return self.kind == CREATED and self.reason == BASELINE_REASON

    @property
    def anchor(self):
        return f"{self.model._meta.model_name}-{self.record.history_id}"

    @property
    def may_be_reverted_to(self):
        return not (self.is_current or self.object_gone or self.kind == DELETED)


def _object_id(record):
    return getattr(record, record.instance_type._meta.pk.attname)


def timeline(*querysets):
    """Entries for the historical rows of these querysets, newest first, each compared with the
    row before it of the same object. The querysets must hold every row of their objects."""
    records = []
    for queryset in querysets:
        model = queryset.model.instance_type
        recorded = list(queryset.select_related("history_user"))
        _load_m2m(model, recorded)
        for record in recorded:
            record.pk_value = _object_id(record)
            records.append((model, record))
    records.sort(key=lambda mr: (mr[1].history_date, mr[1].history_id))
    last = {}
    entries = []
    for model, record in records:
        key = (model, record.pk_value)
        previous = last.get(key)
        entry = Entry(record, model, previous)
        if record.history_type == DELETED:
            entry.changes = []
        elif previous is not None or record.history_type == CREATED:
            entry.changes = compare(model, previous, record)
        last[key] = record
        entries.append(entry)
    for entry in entries:
        newest = last[(entry.model, entry.object_id)]
        entry.is_current = newest is entry.record and entry.kind != DELETED
        entry.object_gone = newest.history_type == DELETED
    entries.reverse()
    return entries


# --- Reverting ------------------------------------------------------------------------------


class RevertRefused(Exception):
    """The recorded state cannot be brought back; the message says why."""


def may_revert(user, model):
    """Only people who may change a model's objects may bring an old state back."""
    opts = model._meta
    return bool(
        user
        and user.is_active
        and user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}")
    )


def when(moment):
    """A recorded moment as the history shows it: "3 Mar 2026, 14:05" in the site's zone."""
    return dateformat.format(timezone.localtime(moment), "j M Y, H:i")


def iso(moment):
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def person(user):
    """A user as the history names them."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def revert_reason(record, user):
    return f"Reverted to {when(record.history_date)} by {person(user)}"


@dataclass
class Plan:
    """What reverting to a record would do to the current object."""

    record: object
    current: object
    target: object
    changes: list
    notes: list


def plan(record, current=None):
    """The current object, the object as it would be after the revert, and the changes between
    them. Files no longer stored (a replaced logo) are kept as they are now, with a note."""
    model = record.instance_type
    if current is None:
        current = model._base_manager.filter(pk=_object_id(record)).first()
    if current is None:
        raise RevertRefused(
            f"This {model._meta.verbose_name} has been deleted; there is nothing to revert."
        )
    if record.history_type == DELETED:
        raise RevertRefused("This entry records a deletion; choose a version before it.")
    target = model._base_manager.get(pk=current.pk)
    notes = []
    for f in revertible_fields(model):
        value = getattr(record, f.attname)
        if isinstance(f, models.FileField) and value and not f.storage.exists(value):
            notes.append(
                f"The {f.verbose_name} of that version is no longer stored; the current one "
                "is kept."
            )
            continue
        setattr(target, f.attname, value)
    target._planned_m2m = {}
    for f in m2m_fields(model):
        wanted = related_keys(record, f)
        kept = frozenset(
            f.related_model._base_manager.filter(pk__in=wanted).values_list("pk", flat=True)
        )
        if kept != wanted:
            gone = len(wanted - kept)
            notes.append(
                f"{gone} of the {f.verbose_name} of that version no longer exist; the others are "
                "brought back."
            )
        target._planned_m2m[f.name] = kept
    return Plan(
        record, current, target, compare(model, current, target, revertible_fields(model)), notes
    )


def revert(record, user):
    """Bring the record's object back to the recorded state, as a change recorded with the
    reason "Reverted to <date> by <user>". Raises PermissionDenied without change permission,
    RevertRefused when there is nothing to revert, ValidationError when that state is no longer
    valid (a slug taken since, a field of study deleted). Saved through the model, so derived
    data (finder rows, search index, cached pages) follows by its signals."""
    model = record.instance_type
    if not may_revert(user, model):
        raise PermissionDenied(
            f"You may not change {model._meta.verbose_name_plural}, so you may not revert them."
        )
    with transaction.atomic():
        current = model._base_manager.select_for_update().filter(pk=_object_id(record)).first()
        result = plan(record, current)
        if not result.changes:
            raise RevertRefused("That version is the same as the current one: nothing to revert.")
        validate(result.target)
        with paused():  # recorded once, with the fields, by the save below
            for name, keys in result.target._planned_m2m.items():
                getattr(result.target, name).set(keys)
        save(result.target, user=user, reason=revert_reason(record, user))
    return result


def validate(target):
    """The model's own checks (fields, uniqueness, constraints) on the state to bring back.

    Files are left out: they were checked when uploaded, and one no longer stored is kept."""
    files = [f.name for f in target._meta.concrete_fields if isinstance(f, models.FileField)]
    target.full_clean(exclude=files)
