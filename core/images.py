"""Uploaded images with Pillow: cleaned before they are stored, and renditions at page sizes.

An upload is decoded and encoded again (`reencode`), so what is stored holds the pixels and
nothing else: no EXIF (camera, GPS position), XMP or comments, and nothing appended after the
image data. Renditions are cached on disk in MEDIA_ROOT and always exactly the requested size
(portraits are cropped to fill, logos are padded to fit), so templates know width and height
without opening the file. `remove` deletes an upload together with its renditions.
"""

import glob
import hashlib
import io
import logging
import os
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

RENDITION_DIR = "renditions"

# The formats accepted for uploads, the file extension each is stored under, and how it is
# written again. Everything else Pillow reads (GIF, BMP, TIFF...) is refused.
UPLOAD_FORMATS = {
    "JPEG": ("jpg", {"quality": 90}),
    "PNG": ("png", {}),
    "WEBP": ("webp", {"quality": 90}),
}
# Modes each format can store as they are; any other is converted to RGB (or RGBA with alpha).
STORABLE_MODES = {
    "JPEG": {"L", "RGB", "CMYK"},
    "PNG": {"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"},
    "WEBP": {"RGB", "RGBA"},
}
# What may stay from the original file: the colour profile and PNG transparency are part of
# how the pixels look; everything else in `info` (exif, xmp, comment, text chunks) goes.
KEPT_INFO = ("icc_profile", "transparency")


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def reencode(image):
    """The opened upload `image` written again from its pixels alone: (bytes, file extension).

    The image is decoded in full (a truncated or corrupt file raises here), turned upright
    by its EXIF orientation (the only thing EXIF says that shows), then saved in its own
    format without any metadata. Raises KeyError for a format not in UPLOAD_FORMATS.
    """
    fmt = image.format
    extension, options = UPLOAD_FORMATS[fmt]
    image.load()
    upright = ImageOps.exif_transpose(image)
    if upright.mode not in STORABLE_MODES[fmt]:
        has_alpha = "A" in upright.mode or "transparency" in upright.info
        upright = upright.convert("RGBA" if has_alpha and fmt != "JPEG" else "RGB")
    # A copy carries the pixels, the palette and `info`; `info` is then cut to what shows.
    clean = upright.copy()
    clean.info = {key: upright.info[key] for key in KEPT_INFO if key in upright.info}
    buffer = io.BytesIO()
    clean.save(buffer, fmt, **options, **clean.info)
    return buffer.getvalue(), extension


def remove(storage, name):
    """Delete the stored upload `name` and every rendition made from it."""
    source = os.path.join(str(settings.MEDIA_ROOT), name)
    try:
        mtime = int(os.stat(source).st_mtime)
    except OSError:
        mtime = None
    stem = _stem(name)
    # The renditions of this very file; if it is gone, any with its name (they are remade).
    digest = _digest(name, mtime) if mtime is not None else "*"
    pattern = os.path.join(
        str(settings.MEDIA_ROOT), RENDITION_DIR, f"{glob.escape(stem)}-{digest}-*.webp"
    )
    for path in glob.glob(pattern):
        try:
            os.remove(path)
        except OSError:
            logger.warning("Could not remove the rendition %s", path, exc_info=True)
    try:
        storage.delete(name)
    except OSError:
        logger.warning("Could not remove the upload %s", name, exc_info=True)


def _digest(source_name, mtime):
    return hashlib.sha256(f"{source_name}:{mtime}".encode()).hexdigest()[:16]


def _stem(source_name):
    return os.path.splitext(os.path.basename(source_name))[0][:40]


def _rendition_name(source_name, mtime, width, height, mode):
    digest = _digest(source_name, mtime)
    return f"{RENDITION_DIR}/{_stem(source_name)}-{digest}-{mode}-{width}x{height}.webp"


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
