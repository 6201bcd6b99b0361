"""What a student can find of each public row: the text of its search entry, kind by kind.

Each builder reads the public rows only (the same querysets as the public pages), in a fixed
number of queries however many ids it is given, and returns unsaved `SearchEntry` objects.
A row that is not public gets no entry, so a refresh deletes its old one.
"""

import html
import re
from collections import defaultdict

from django.utils.html import strip_tags

from articles.models import FAQ, Article, ArticleVersion, Person
from careers.models import Career
from careers.templatetags.career_tags import money, signed_percent
from core.markdown import render_cached
from programs.models import US_STATES, Course, Program, School

from ..models import SearchEntry

Kind = SearchEntry.Kind
# How much each kind weighs against the others in one ranked list (the backends multiply the
# text score by it): a guide or a career that matches as well as one of hundreds of
# near-identical program names should come first.
BOOST = {
    Kind.GUIDES: 1.5,
    Kind.CAREERS: 1.3,
    Kind.PEOPLE: 1.2,
    Kind.SCHOOLS: 1.1,
    Kind.PROGRAMS: 1.0,
}
STATE_NAMES = dict(US_STATES)
FAQ_ANCHOR = "faq"  # the guide page's FAQ section (templates/articles/article_detail.html)

# Control characters never belong in the text, and \x02/\x03 mark matches in highlights.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|tr|dt|dd|blockquote|pre|figcaption|caption)>|<br\s*/?>")
_HEADING = re.compile(r'<h([23]) id="([^"]*)">(.*?)</h\1>', re.S)


def clean(text):
    """Plain text with control characters dropped and spaces collapsed, line by line."""
    lines = (" ".join(line.split()) for line in _CONTROL.sub(" ", text or "").split("\n"))
    return "\n".join(line for line in lines if line)


def plain(fragment):
    """Sanitized HTML (from core.markdown) as plain text, one line per block."""
    return clean(html.unescape(strip_tags(_BLOCK_END.sub("\n", fragment))))


def markdown_text(text):
    return plain(render_cached(text).html)


def guide_sections(body):
    """The guide body as the page shows it, cut at its ## and ### headings:
    [(anchor, heading, text)], the first one the text before any heading (anchor "")."""
    rendered = str(render_cached(body).html)
    sections, start, anchor, heading = [], 0, "", ""
    for match in _HEADING.finditer(rendered):
        sections.append((anchor, heading, plain(rendered[start : match.start()])))
        anchor, heading, start = match[2], plain(match[3]), match.end()
    sections.append((anchor, heading, plain(rendered[start:])))
    return sections


def guides(ids=None):
    """Live guides: an entry for the top (title, summary, topic, the text before the first
    heading), one per ## or ### section (heading and text) and one per FAQ entry."""
    articles = Article.objects.published().select_related("live_version", "topic")
    if ids is not None:
        articles = articles.filter(pk__in=ids)
    articles = list(articles)
    faqs = defaultdict(list)
    versions = [article.live_version_id for article in articles]
    for faq in FAQ.objects.filter(version__in=versions).order_by("version", "order", "id"):
        faqs[faq.version_id].append(faq)
    entries = []
    for article in articles:
        version = article.live_version
        title = clean(version.title)
        page = {
            "kind": Kind.GUIDES,
            "object_id": article.pk,
            "url": article.get_absolute_url(),
            "title": title,
            "subtitle": article.topic.name,
        }
        (_, _, intro), *sections = guide_sections(version.body)
        parts = [
            # The topic weighs little: "data science" is about data science, not about every
            # guide in the Computer Science topic.
            {
                "name": title,
                "summary": clean(version.dek),
                "body": intro,
                "context": page["subtitle"],
            }
        ]
        parts += [
            {"anchor": anchor, "headings": heading, "body": text, "context": title}
            for anchor, heading, text in sections
        ]
        parts += [
            {
                "anchor": FAQ_ANCHOR,
                "headings": clean(faq.question),
                "body": markdown_text(faq.answer),
                "context": title,
            }
            for faq in faqs[version.pk]
        ]
        entries += [
            SearchEntry(
                id=SearchEntry.make_id(Kind.GUIDES, article.pk, position),
                position=position,
                **page,
                **part,
            )
            for position, part in enumerate(_at_most(parts, SearchEntry.MAX_POSITION + 1))
        ]
    return entries


def _at_most(parts, count):
    """The parts, the last of them holding the headings and text of any past `count` (a guide
    with hundreds of sections keeps every word searchable; those link to the last one kept)."""
    if len(parts) <= count:
        return parts
    last = dict(parts[count - 1])
    for column in ("headings", "body"):
        last[column] = "\n".join(part.get(column, "") for part in parts[count - 1 :])
    return [*parts[: count - 1], last]


def programs(ids=None):
    """Published programs: name, summary, field of study (with its synonyms, so "NLP" finds
    Natural Language Processing programs) and specialization, degree, format, school and place,
    and the course names as the body (their descriptions would make every program's entry long,
    and its name count for less). Synthetic programs only with settings.SHOW_SYNTHETIC."""
    rows = Program.objects.listed().select_related("school", "field")
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    rows = list(rows)
    courses = defaultdict(list)
    names = Course.objects.filter(program__in=[p.pk for p in rows]).order_by("order", "id")
    for program_id, name in names.values_list("program", "name"):
        courses[program_id].append(name)
    entries = []
    for program in rows:
        school = program.school
        place = f"{school.city}, {STATE_NAMES.get(school.state, school.state)}"
        facts = [school.name, program.get_format_display()]
        if program.tuition_total is not None:
            facts.append(f"{money(program.tuition_total)} total tuition")
        field = program.field
        extra = [
            *([field.name, *field.synonym_list] if field else []),
            program.specialization,
            program.get_degree_display(),
            f"{program.get_format_display()}, {program.get_pacing_display()}",
            school.name,
            place,
        ]
        entries.append(
            SearchEntry(
                id=SearchEntry.make_id(Kind.PROGRAMS, program.pk),
                kind=Kind.PROGRAMS,
                object_id=program.pk,
                url=program.get_absolute_url(),
                title=clean(program.name),
                name=clean(program.name),
                subtitle=clean(" · ".join(facts)),
                summary=clean(program.summary),
                # One line: a snippet of it reads "Machine Learning · Deep Learning".
                body=clean(" · ".join(courses[program.pk])),
                extra=clean("\n".join(extra)),
                is_partner=school.is_partner,
            )
        )
    return entries


def schools(ids=None):
    """Schools with a published program (a synthetic one only with settings.SHOW_SYNTHETIC):
    name, city and state, description, accreditor."""
    rows = School.objects.listed()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    entries = []
    for school in rows:
        place = f"{school.city}, {STATE_NAMES.get(school.state, school.state)}"
        entries.append(
            SearchEntry(
                id=SearchEntry.make_id(Kind.SCHOOLS, school.pk),
                kind=Kind.SCHOOLS,
                object_id=school.pk,
                url=school.get_absolute_url(),
                title=clean(school.name),
                name=clean(school.name),
                subtitle=f"{school.city}, {school.state}",
                summary=place,
                body=markdown_text(school.description),
                extra=clean(f"{school.state}\n{school.accreditor}"),
                is_partner=school.is_partner,
            )
        )
    return entries


def careers(ids=None):
    """Published careers: title, summary, description, education, salary and outlook."""
    rows = Career.objects.published()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    entries = []
    for career in rows:
        facts = []
        if career.salary is not None:
            facts.append(f"{career.get_salary_statistic_display()} salary {money(career.salary)}")
        if career.outlook_percent is not None:
            facts.append(f"job outlook {signed_percent(career.outlook_percent)}")
        extra = [career.get_education_display(), *facts]
        entries.append(
            SearchEntry(
                id=SearchEntry.make_id(Kind.CAREERS, career.pk),
                kind=Kind.CAREERS,
                object_id=career.pk,
                url=career.get_absolute_url(),
                title=clean(career.title),
                name=clean(career.title),
                subtitle=clean(" · ".join(facts)),
                summary=clean(career.summary),
                body=markdown_text(career.description),
                extra=clean("\n".join(extra)),
            )
        )
    return entries


def people(ids=None):
    """People on a live guide: name, job title and bio."""
    rows = Person.objects.with_live_work()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    entries = []
    for person in rows:
        entries.append(
            SearchEntry(
                id=SearchEntry.make_id(Kind.PEOPLE, person.pk),
                kind=Kind.PEOPLE,
                object_id=person.pk,
                url=person.get_absolute_url(),
                title=clean(person.name),
                name=clean(person.name),
                subtitle=clean(person.job_title),
                summary=clean(person.job_title),
                body=clean(person.short_bio + "\n" + markdown_text(person.full_bio)),
            )
        )
    return entries


BUILDERS = {
    Kind.GUIDES: guides,
    Kind.PROGRAMS: programs,
    Kind.SCHOOLS: schools,
    Kind.CAREERS: careers,
    Kind.PEOPLE: people,
}


def people_on_guides(article_ids):
    """Everyone named on any version of these guides: those who may have joined or left a
    live guide when it changed."""
    names = ArticleVersion.objects.filter(article__in=article_ids).values_list(
        "author", "editor", "reviewer"
    )
    return sorted({pk for row in names for pk in row if pk is not None})
