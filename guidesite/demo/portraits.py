"""Portraits drawn with Pillow: initials on a coloured square, so nothing is downloaded."""

import io

from PIL import Image, ImageDraw, ImageFont

SIZE = 400


def initials(name):
    """First and last initials, e.g. "Victoria Ivy Southall" -> "VS"."""
    words = name.split()
    return (words[0][0] + words[-1][0]).upper() if len(words) > 1 else words[0][:2].upper()


def portrait_png(name, background, foreground="#ffffff", size=SIZE):
    """A square PNG of the name's initials, as bytes."""
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size * 2 // 5)
    draw.text((size / 2, size / 2), initials(name), fill=foreground, font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
