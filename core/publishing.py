"""First publication of rows with an `is_published` flag (programs, careers).

Once a row has been public, its page answers 410 Gone after it is unpublished, and 404 only if
it never was: search engines drop a 410 at once, and readers are told it was withdrawn. So every
path that publishes (a save, the admin's bulk action, a bulk import) records the first time.
"""

from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone


def stamp_on_save(instance, save_kwargs):
    """From a model's save(): set first_published_at the first time the row is saved published,
    and add it to `update_fields` when the save is limited to some fields."""
    if instance.is_published and instance.first_published_at is None:
        instance.first_published_at = timezone.now()
        if save_kwargs.get("update_fields") is not None:
            save_kwargs["update_fields"] = {*save_kwargs["update_fields"], "first_published_at"}


def published_values(now=None):
    """The `QuerySet.update()` arguments that publish rows, keeping an earlier first time."""
    first = Value(now or timezone.now(), output_field=DateTimeField())
    return {"is_published": True, "first_published_at": Coalesce(F("first_published_at"), first)}
