"""Social images: the 1200 x 630 picture a link preview shows (og:image, twitter:card).

Drawn once with Pillow from a page's title, a subtitle and the site's name, and kept as a PNG
under MEDIA_ROOT/social/. The file name carries a hash of everything drawn and of the design's
version, so a new title (or a new design) is a new file and a cached page never points at a
picture of an old title; a request that finds the file only pays for one `os.path.exists`.
"""

import hashlib
import logging
import os
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from .images import Rendition

logger = logging.getLogger(__name__)

SOCIAL_DIR = "social"
WIDTH, HEIGHT = 1200, 630
# Bump when the drawing below changes: every page then gets a freshly drawn file.
DESIGN_VERSION = 1

BRAND = (11, 92, 173)  # the favicon's blue, #0b5cad
INK = (17, 24, 39)
MUTED = (75, 85, 99)
PAPER = (255, 255, 255)
MARGIN = 80
TITLE_SIZES = (76, 68, 60, 52, 46)
TITLE_MAX_LINES = 4
SUBTITLE_SIZE = 34

# Looked up by file name in the system's font folders (Pillow searches them). A fresh machine
# may have none of these: then Pillow's own bundled font is used, so drawing never fails.
BOLD_FONTS = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf")
REGULAR_FONTS = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf", "arial.ttf")


@dataclass(frozen=True)
class SocialImage(Rendition):
    """A rendition with the text it shows, for og:image:alt."""

    alt: str


def social_image(title, subtitle="", *, kind="page", slug=""):
    """A `SocialImage` (url, width, height, alt) of a page's social image, drawn if missing.

    `kind` and `slug` only make the file name readable ("guide-<slug>-<hash>.png"); the hash of
    the title, subtitle, site name and design version is what tells one picture from another.
    None when the file cannot be written (a read-only disk): pages then fall back to no image.
    """
    name = _file_name(title, subtitle, kind, slug)
    target = os.path.join(str(settings.MEDIA_ROOT), name)
    if not os.path.exists(target):
        try:
            _write(draw(title, subtitle), target)
        except OSError:
            logger.warning("Could not write the social image %s", name, exc_info=True)
            return None
    return SocialImage(
        url=settings.MEDIA_URL.rstrip("/") + "/" + name,
        width=WIDTH,
        height=HEIGHT,
        # Said once: the site's own picture has the site's name as its title.
        alt=" | ".join(
            dict.fromkeys(part for part in (title, subtitle, settings.SITE_NAME) if part)
        ),
    )


def site_image():
    """The site's generic social image, for pages without one of their own (home, lists)."""
    return social_image(
        settings.SITE_NAME,
        "Guides to master's degrees, programs and careers",
        kind="site",
        slug="default",
    )


def _file_name(title, subtitle, kind, slug):
    drawn = "\0".join((str(DESIGN_VERSION), settings.SITE_NAME, title, subtitle))
    digest = hashlib.sha256(drawn.encode()).hexdigest()[:16]
    stem = slugify(f"{kind}-{slug}" if slug else kind)[:80]
    return f"{SOCIAL_DIR}/{stem}-{digest}.png"


def _write(image, target):
    os.makedirs(os.path.dirname(target), exist_ok=True)
    # Write beside the target and rename, so a concurrent request never reads half a file.
    partial = f"{target}.{os.getpid()}.part"
    # zlib's default level: "optimize" saves 2 KiB of 30 and costs three times the time.
    image.save(partial, "PNG")
    os.replace(partial, target)


@lru_cache(maxsize=32)
def _font(bold, size):
    for name in BOLD_FONTS if bold else REGULAR_FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _wrap(text, font, width):
    """Greedy word wrap to `width` pixels; a word wider than a line is cut where it overflows."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width:
            cut = len(word) - 1
            while cut > 1 and font.getlength(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _fit_title(title, width):
    """The largest title size whose wrapped lines fit; at the smallest, extra lines end in '…'."""
    for size in TITLE_SIZES:
        font = _font(True, size)
        lines = _wrap(title, font, width)
        if len(lines) <= TITLE_MAX_LINES:
            return font, size, lines
    lines = lines[:TITLE_MAX_LINES]
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1].rstrip()
    lines[-1] = last + "…"
    return font, size, lines


def _draw_mark(pen, x, y, size):
    """The favicon's mark (static/favicon.svg, a 32-unit square): rounded blue, a white "M"."""
    unit = size / 32
    pen.rounded_rectangle((x, y, x + size, y + size), radius=round(6 * unit), fill=BRAND)
    points = [(8, 22), (8, 10), (16, 16), (24, 10), (24, 22)]
    pen.line(
        [(x + px * unit, y + py * unit) for px, py in points],
        fill=PAPER,
        width=round(3 * unit),
        joint="curve",
    )


def logo(size=512):
    """The site's logo as a PNG-ready image: the publisher logo of the JSON-LD.

    Drawn once into static/logo.png (committed), with
    `python -c "from core.social import logo; logo().save('static/logo.png', optimize=True)"`.
    """
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    _draw_mark(ImageDraw.Draw(image), 0, 0, size - 1)
    return image


def draw(title, subtitle=""):
    """The picture itself: the site's mark and name, the title, the subtitle, a brand band."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    pen = ImageDraw.Draw(image)
    text_width = WIDTH - 2 * MARGIN

    mark, top = 64, 64
    _draw_mark(pen, MARGIN, top, mark)
    name_font = _font(True, 36)
    # Centred on the mark by its drawn box (no text anchors: the fallback bitmap font has none).
    box = name_font.getbbox(settings.SITE_NAME)
    name_y = top + (mark - box[1] - box[3]) / 2
    pen.text((MARGIN + mark + 24, name_y), settings.SITE_NAME, font=name_font, fill=BRAND)

    font, size, lines = _fit_title(" ".join(title.split()), text_width)
    line_height = round(size * 1.22)
    subtitle_lines = _wrap(" ".join(subtitle.split()), _font(False, SUBTITLE_SIZE), text_width)[:2]
    block = len(lines) * line_height + (len(subtitle_lines) * 46 + 24 if subtitle_lines else 0)
    # Centre the text block between the header (ends at 128) and the band (starts at 606).
    y = 128 + max(24, (606 - 128 - block) // 2)
    for line in lines:
        pen.text((MARGIN, y), line, font=font, fill=INK)
        y += line_height
    y += 24
    for line in subtitle_lines:
        pen.text((MARGIN, y), line, font=_font(False, SUBTITLE_SIZE), fill=MUTED)
        y += 46
    pen.rectangle((0, HEIGHT - 24, WIDTH, HEIGHT), fill=BRAND)
    return image
