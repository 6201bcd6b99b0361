"""The catalogue of public page types checked in a browser and by the HTML validator.

Slugs come from the demo content after it is loaded, so the checks follow the data; only the seed
guide's slug is fixed, because the demo content is built around it.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.management import call_command, get_commands

SEED_GUIDE_SLUG = "can-you-earn-a-masters-in-machine-learning"
MISSING_PATH = "/this-page-does-not-exist/"
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}

PAGE_NAMES = [
    "home",
    "guide-list",
    "guide",
    "topic",
    "people-list",
    "bio",
    "program-directory",
    "program",
    "school",
    "compare",
    "match-quiz",
    "match-result",
    "career-list",
    "career",
    "search",
    "editorial-process",
    "advertising-disclosure",
    "not-found",
]


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    status: int = 200


def load_demo_content():
    """Load the demo content with the project's own loader, or fail saying what is missing."""
    if "load_demo" not in get_commands():
        raise AssertionError(
            "The management command load_demo (articles/management/commands/load_demo.py) "
            "does not exist, so the pages cannot be checked on the demo content."
        )
    call_command("load_demo", force=True, verbosity=0)  # the test settings have DEBUG off


def _first(queryset, what):
    obj = queryset.order_by("pk").first()
    if obj is None:
        raise AssertionError(f"The demo content has no {what}.")
    return obj


def _quiz_answers(program):
    """A student who fits the first demo program: shareable quiz parameters."""
    return {
        "gpa": "3.5",
        "gre": "320",
        "bachelors": "yes",
        "cs_degree": "yes",
        "programming": "yes",
        "math": "yes",
        "budget": "60000",
        "format": program.format,
        "pacing": program.pacing,
        "field": program.field.slug,
    }


def page_types():
    """Every public page type with a URL built from the loaded demo content."""
    from articles.models import Article
    from careers.models import Career
    from programs.models import Program

    guide = Article.objects.published().filter(slug=SEED_GUIDE_SLUG).select_related("topic").first()
    if guide is None:
        raise AssertionError(f"The demo content has no live guide {SEED_GUIDE_SLUG!r}.")
    author = guide.live_version.author
    programs = list(Program.objects.published().select_related("school").order_by("pk")[:2])
    if len(programs) < 2:
        raise AssertionError("The demo content has fewer than two published programs.")
    program = programs[0]
    career = _first(Career.objects.published(), "published career")
    compare = urlencode([("p", p.slug) for p in programs])
    paths = {
        "home": "/",
        "guide-list": "/articles/",
        "guide": guide.get_absolute_url(),
        "topic": guide.topic.get_absolute_url(),
        "people-list": "/people/",
        "bio": author.get_absolute_url(),
        "program-directory": "/programs/",
        "program": program.get_absolute_url(),
        "school": program.school.get_absolute_url(),
        "compare": f"/programs/compare/?{compare}",
        "match-quiz": "/programs/match/",
        "match-result": f"/programs/match/?{urlencode(_quiz_answers(program))}",
        "career-list": "/careers/",
        "career": career.get_absolute_url(),
        "search": "/search/?q=machine",
        "editorial-process": "/editorial-process/",
        "advertising-disclosure": "/advertising-disclosure/",
        "not-found": MISSING_PATH,
    }
    return {
        name: PageType(name, paths[name], 404 if name == "not-found" else 200)
        for name in PAGE_NAMES
    }


# Lists the outermost elements that stick out past the phone's width, skipping anything inside a
# box that scrolls or clips sideways (the compare table scrolls inside its own wrapper).
OVERFLOW_JS = """(limit) => {
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const clippedByAncestor = (el) => {
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > limit + 1 && !clippedByAncestor(el)
        && !offenders.some((o) => o.el.contains(el))) {
      offenders.push({el, text: describe(el) + ' reaches ' + Math.round(box.right) + 'px'});
      if (offenders.length >= 8) break;
    }
  }
  return {
    width: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    offenders: offenders.map((o) => o.text),
  };
}"""
