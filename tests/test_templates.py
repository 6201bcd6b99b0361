"""Template sources: internal links are reversed, never hard-coded."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"

# An attribute whose value starts with one "/" (a "//host" URL is external).
HARD_CODED_PATH = re.compile(r"""\b(?:href|action|formaction|src)\s*=\s*["']?(/(?!/)[^"'\s>]*)""")

# The 500 page must not depend on the static manifest, so its stylesheet is a plain path.
ALLOWED = {("500.html", "/static/css/site.css")}


def hard_coded_paths(source):
    return [match.group(1) for match in HARD_CODED_PATH.finditer(source)]


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('<a href="/programs/">', ["/programs/"]),
        ("<form action='/search/' method=get>", ["/search/"]),
        ('<a href="/">', ["/"]),
        ("<a href=\"{% url 'programs:directory' %}\">", []),
        ('<a href="{{ program.get_absolute_url }}">', []),
        ('<img src="//cdn.example.com/x.png">', []),
        ('<a href="#main">', []),
    ],
)
def test_hard_coded_path_pattern(source, found):
    assert hard_coded_paths(source) == found


def test_templates_reverse_internal_links():
    found = []
    for template in sorted(TEMPLATES_DIR.rglob("*")):
        if not template.is_file():
            continue
        name = template.relative_to(TEMPLATES_DIR).as_posix()
        for number, line in enumerate(template.read_text().splitlines(), start=1):
            found += [
                f"{name}:{number}: {path}"
                for path in hard_coded_paths(line)
                if (name, path) not in ALLOWED
            ]
    assert not found, "Use {% url %} or get_absolute_url instead of:\n" + "\n".join(found)
