"""WCAG 2 contrast ratios, for the palette test and the browser's focus-ring check."""

import re

_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\b")
_RGB = re.compile(r"rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)")


def rgb(colour):
    """(r, g, b) in 0-255 from "#abc", "#aabbcc" or a browser's "rgb(r, g, b)" / "rgba(...)"."""
    if isinstance(colour, (list, tuple)):
        return tuple(round(float(c)) for c in colour[:3])
    if match := _HEX.fullmatch(colour.strip()):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))
    if match := _RGB.match(colour.strip()):
        return tuple(round(float(c)) for c in match.groups())
    raise ValueError(f"Not a colour this check reads: {colour!r}")


def _luminance(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first, second):
    """The WCAG contrast ratio of two opaque colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
