"""What the reader sees: which elements show, and what a focused element's outline is drawn against.

A focus outline sits outside the element (outline-offset), so it must stand out from the box the
element sits in: the first ancestor with a background, semi-transparent layers blended in. With no
offset it would touch the element's own background too, so that one is measured as well.
"""

FOCUS_RING_JS = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  el.scrollIntoView({block: 'center'});
  el.focus();
  const parse = (colour) => {
    const m = colour.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const backgroundFrom = (start) => {
    const layers = [];
    for (let a = start; a; a = a.parentElement) {
      const c = parse(getComputedStyle(a).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let out = [255, 255, 255];  // the canvas
    for (const [r, g, b, alpha] of layers.reverse()) {
      out = [r * alpha + out[0] * (1 - alpha), g * alpha + out[1] * (1 - alpha),
             b * alpha + out[2] * (1 - alpha)];
    }
    return out.map(Math.round);
  };
  const style = getComputedStyle(el);
  return {
    focused: document.activeElement === el,
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    offset: parseFloat(style.outlineOffset),
    ring: style.outlineColor,
    around: backgroundFrom(el.parentElement),
    own: backgroundFrom(el),
  };
}"""

# The elements matching a selector that the reader can see (they take up room and show).
SHOWN_JS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => el.checkVisibility() && el.getClientRects().length)
  .map((el) => el.outerHTML.slice(0, 100))"""

# The elements matching a selector that the reader cannot see (hidden, or in closed details).
NOT_SHOWN_JS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => !el.checkVisibility() || !el.getBoundingClientRect().height)
  .map((el) => el.outerHTML.slice(0, 100))"""
