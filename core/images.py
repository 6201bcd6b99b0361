"""Pillow renditions of portraits and logos at the sizes pages use, cached on disk in MEDIA_ROOT.

A rendition is always exactly the requested size (portraits are cropped to fill, logos are padded
to fit), so templates know width and height without opening the file.
"""

import hashlib
import logging
import os
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

RENDITION_DIR = "renditions"


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def _rendition_name(source_name, mtime, width, height, mode):
    digest = hashlib.sha256(f"{source_name}:{mtime}".encode()).hexdigest()[:16]
    stem = os.path.splitext(os.path.basename(source_name))[0][:40]
    return f"{RENDITION_DIR}/{stem}-{digest}-{mode}-{width}x{height}.webp"


def rendition(image_field, width, height, mode="fill"):
    """A `Rendition` of an ImageField at width x height ("fill" crops, "fit" pads), or None."""
    if not image_field or not image_field.name:
        return None
    root = str(settings.MEDIA_ROOT)
    source = os.path.join(root, image_field.name)
    try:
        mtime = int(os.stat(source).st_mtime)
    except OSError:
        return None
    name = _rendition_name(image_field.name, mtime, width, height, mode)
    target = os.path.join(root, name)
    if not os.path.exists(target):
        try:
            _write(source, target, (width, height), mode)
        except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
            logger.warning("Could not make a rendition of %s", image_field.name, exc_info=True)
            return None
    return Rendition(url=settings.MEDIA_URL.rstrip("/") + "/" + name, width=width, height=height)


def _write(source, target, size, mode):
    with Image.open(source) as original:
        image = ImageOps.exif_transpose(original)
        if mode == "fit":
            image = image.convert("RGBA")
            result = ImageOps.pad(image, size, method=Image.Resampling.LANCZOS, color=(0, 0, 0, 0))
        else:
            image = image.convert("RGB")
            result = ImageOps.fit(image, size, method=Image.Resampling.LANCZOS)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    # Write beside the target and rename, so a concurrent request never reads half a file.
    partial = f"{target}.{os.getpid()}.part"
    result.save(partial, "WEBP", quality=82, method=4)
    os.replace(partial, target)
