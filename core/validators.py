"""Input validation shared across apps: image uploads (portraits, logos) and pasted text."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.deconstruct import deconstructible
from PIL import Image

from .images import UPLOAD_FORMATS, reencode

MAX_IMAGE_BYTES = 3 * 1024 * 1024
MAX_IMAGE_PIXELS = 25_000_000
IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
IMAGE_FORMATS = list(UPLOAD_FORMATS)  # what the file really is, whatever its name says
NOT_AN_IMAGE = "This file is not a valid JPEG, PNG or WebP image."


@deconstructible
class ImageUploadValidator:
    """Refuse files that are too big, not a real image, or absurdly large once decoded.

    The accepted file is decoded in full and written again without metadata (`reencode`);
    the result is kept on the file as `cleaned_image`, which is what gets stored (core.uploads).
    """

    def __call__(self, file):
        if getattr(file, "_committed", False):
            # Already stored (checked when it was uploaded): saving the record again must not
            # re-read it, nor fail because the file has since gone missing from storage.
            return
        if file.size > MAX_IMAGE_BYTES:
            raise ValidationError("The image is larger than 3 MB. Please upload a smaller file.")
        try:
            file.seek(0)
            with Image.open(file, formats=IMAGE_FORMATS) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ValidationError("The image is larger than 25 megapixels.")
                cleaned = reencode(image)
        except ValidationError:
            raise
        except Exception as exc:
            raise ValidationError(NOT_AN_IMAGE) from exc
        finally:
            file.seek(0)
        file.cleaned_image = cleaned

    def __eq__(self, other):
        return isinstance(other, ImageUploadValidator)


image_validators = [FileExtensionValidator(IMAGE_EXTENSIONS), ImageUploadValidator()]


# Control characters other than tab, newline and carriage return: invisible, forbidden in HTML
# and XML 1.0 (they break the Atom feed), and usually pasted in from a word processor.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(text):
    """`text` with control characters turned into spaces (they usually stand for a break)."""
    return CONTROL_CHARACTERS.sub(" ", text) if text else text
