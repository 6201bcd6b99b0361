"""Form behaviour shared by every admin form."""

from django import forms

from .validators import without_control_characters


class CleanTextModelForm(forms.ModelForm):
    """Turns control characters pasted into any text field into spaces.

    Word processors paste vertical tabs and form feeds; HTML and XML forbid them, so left in a
    name or a description they would show up as invalid characters on every public page.
    """

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = without_control_characters(value)
        return cleaned
