"""Uploaded images through their life: cleaned before they are stored, removed with their record.

For every ImageField of every model (portraits, logos, any added later):

- a new upload is stored as `reencode` wrote it (pixels only, no metadata, nothing appended),
  under a random name whose extension is the real format's: the uploader's file name says
  nothing about them, and a JPEG named .png is stored as .jpg;
- a file replaced by another, cleared, or whose record is deleted is removed, together with its
  renditions, once the transaction commits (a rolled-back change keeps the file it points at).

Connected by CoreConfig.ready() (`connect`) to each model that has an ImageField, and to no
other: a receiver for every model would make Django load each row before a bulk delete.
"""

import secrets
from functools import cache

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from . import images
from .validators import ImageUploadValidator

OLD_NAMES = "_image_names_before_save"


def connect():
    for model in apps.get_models():
        if image_fields(model):
            pre_save.connect(clean_new_uploads, sender=model, dispatch_uid="core.uploads")
            post_save.connect(remove_replaced, sender=model, dispatch_uid="core.uploads")
            post_delete.connect(remove_deleted, sender=model, dispatch_uid="core.uploads")


@cache
def image_fields(model):
    return tuple(f for f in model._meta.concrete_fields if isinstance(f, models.ImageField))


def _saved_fields(sender, instance, update_fields):
    """The image fields this save writes: loaded on the instance and not left out."""
    return [
        f
        for f in image_fields(sender)
        if f.attname in instance.__dict__ and (update_fields is None or f.name in update_fields)
    ]


def clean_new_uploads(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save: swap each new upload for its cleaned copy; note the names being replaced."""
    fields = _saved_fields(sender, instance, update_fields)
    if not fields or raw:
        return
    if instance.pk is not None and not instance._state.adding:
        old = sender._base_manager.filter(pk=instance.pk).values(*(f.attname for f in fields))
        setattr(instance, OLD_NAMES, old.first() or {})
    for field in fields:
        file = getattr(instance, field.attname)
        if not file or file._committed:
            continue
        cleaned = getattr(file, "cleaned_image", None)
        if cleaned is None:
            # Assigned in code rather than through a form: the same checks (ValidationError).
            ImageUploadValidator()(file)
            cleaned = file.cleaned_image
        data, extension = cleaned
        setattr(instance, field.attname, ContentFile(data, name=random_name(extension)))


def random_name(extension):
    return f"{secrets.token_hex(16)}.{extension}"


def remove_replaced(sender, instance, raw=False, **kwargs):
    """post_save: remove the files this save stopped pointing at."""
    old = instance.__dict__.pop(OLD_NAMES, None)
    if not old or raw:
        return
    for field in image_fields(sender):
        name = old.get(field.attname)
        if name and name != getattr(instance, field.attname).name:
            _remove_on_commit(sender, field, name)


def remove_deleted(sender, instance, **kwargs):
    """post_delete: remove the files of a deleted record."""
    for field in image_fields(sender):
        name = getattr(instance, field.attname).name
        if name:
            _remove_on_commit(sender, field, name)


def _remove_on_commit(model, field, name):
    def remove():
        # Kept while another row still points at the same file (one copied in code).
        if not model._base_manager.filter(**{field.attname: name}).exists():
            images.remove(field.storage, name)

    transaction.on_commit(remove)
