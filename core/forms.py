"""Form behaviour shared by every admin form."""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import URLValidator, validate_image_file_extension
from django.db import models

from .input_checks import on_one_line, web_address
from .validators import NOT_AN_IMAGE, without_control_characters


class CleanTextModelForm(forms.ModelForm):
    """Tidies what is typed, pasted or posted into any admin form.

    Control characters become spaces: word processors paste vertical tabs and form feeds; HTML
    and XML forbid them, so left in a name or a description they would show up as invalid
    characters on every public page. Line breaks in a one-line field (a title, a name, a change
    note) become spaces too. A web address must be one a browser opens as a page (http or
    https), never ftp: or another scheme. An image is refused in words naming the formats the
    site takes.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.URLField):
                others = [v for v in field.validators if not isinstance(v, URLValidator)]
                field.validators = [*others, web_address]
            elif isinstance(field, forms.ImageField):
                # The formats the site takes (JPEG, PNG, WebP), not the seventy extensions
                # Pillow reads: the model field's validators (core.validators) decide.
                field.validators = [
                    v for v in field.validators if v is not validate_image_file_extension
                ]
                field.error_messages["invalid_image"] = NOT_AN_IMAGE

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                value = without_control_characters(value)
                cleaned[name] = on_one_line(value) if self._is_one_line(name) else value
        return cleaned

    def _is_one_line(self, name):
        """A text field entered on one line: a model CharField, or a single-line input."""
        field = self.fields.get(name)
        if field is not None and isinstance(field.widget, forms.TextInput):
            return True
        try:
            model_field = self._meta.model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field
            return False
        return isinstance(model_field, models.CharField)
