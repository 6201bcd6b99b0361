"""Write the demo content into an empty or demo-only database, creating only what is missing.

Each demo row has a natural key (its slug, or its parent and order). A row the demo would create
that exists already is left exactly as it is, however it was edited, and counted as skipped; the
rows under it (a program's rules and courses, the guide's versions, FAQs and sources) are the
editor's too and are not looked at. A second run therefore creates nothing.

A database that holds content that is not the demo's (a school, program, career, person or
guide with a key the demo does not use, other than synthetic rows) gets nothing: fictional
schools and programs must never mix with real ones.
"""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import (
    FAQ,
    Article,
    ArticleVersion,
    Person,
    SitePage,
    Source,
    Topic,
    Transition,
)
from careers.models import Career, ProjectionEdition
from programs.models import AdmissionRule, Course, Field, Program, School

from . import article as guide
from .careers import CAREERS, EDITIONS, PROGRAM_FIELD, RETRIEVED
from .pages import SITE_PAGES
from .people import PEOPLE
from .portraits import portrait_png
from .programs import FIELDS, GUIDE_PROGRAMS, PROGRAMS
from .schools import FICTIONAL, OTHER_COURSES, SCHOOLS, SEED_COURSES


def at(day, hour, minute=0):
    """A moment in October 2023, the month the seed guide was updated, in the site's zone."""
    return timezone.make_aware(datetime(2023, 10, day, hour, minute))


WRITTEN_AT = at(9, 10)
SUBMITTED_AT = at(16, 14)
APPROVED_AT = at(17, 16, 30)
# "Updated on October 18, 2023": approved the day before, live on the 18th by the scheduler.
LIVE_AT = at(18, 9)


def other_content():
    """Content rows that are neither the demo's (by its keys) nor synthetic, as
    {plural name: count}; empty on an empty or demo-only database."""
    demo_keys = [
        (School.objects.filter(is_synthetic=False), {row[0] for row in SCHOOLS}),
        (Program.objects.filter(is_synthetic=False), {data["slug"] for data in PROGRAMS}),
        (Career.objects.all(), {data["slug"] for data in CAREERS}),
        (Person.objects.all(), {data["slug"] for data in PEOPLE}),
        (Article.objects.all(), {guide.SLUG}),
    ]
    found = {}
    for rows, slugs in demo_keys:
        if count := rows.exclude(slug__in=slugs).count():
            meta = rows.model._meta
            found[meta.verbose_name if count == 1 else meta.verbose_name_plural] = count
    return found


def portrait_name(person):
    """The file name of the portrait the loader draws for this person."""
    return f"{Person._meta.get_field('portrait').upload_to}{person.slug}.png"


def names(model):
    return model._meta.verbose_name, model._meta.verbose_name_plural


def counted(counts):
    """{(singular, plural): n} as "3 people, 1 guide"."""
    return ", ".join(
        f"{n} {singular if n == 1 else plural}" for (singular, plural), n in counts.items()
    )


class Loader:
    """Loads every part of the demo that is missing and counts rows seen, created and skipped."""

    def __init__(self):
        self.seen = defaultdict(set)
        self.created = 0
        self.skipped = defaultdict(int)
        self.other = {}

    def find(self, model, lookup):
        """The existing row with this demo key, left as it is and counted as skipped; or None."""
        obj = model.objects.filter(**lookup).first()
        if obj is not None:
            self.skipped[names(model)] += 1
            self.seen[names(model)].add(obj.pk)
        return obj

    def create(self, model, lookup, values):
        obj = model.objects.create(**lookup, **values)
        self.created += 1
        self.seen[names(model)].add(obj.pk)
        return obj

    def ensure(self, model, lookup, values):
        """The row with this demo key: the existing one untouched, or a new one."""
        return self.find(model, lookup) or self.create(model, lookup, values)

    def load(self):
        """Load what is missing, in dependency order; nothing at all beside other content."""
        self.other = other_content()
        if self.other:
            return self
        users, people = self.load_people()
        fields = self.load_fields()
        careers = self.load_careers(fields)
        programs = self.load_programs(fields)
        self.load_guide(users, people, careers, [programs[slug] for slug in GUIDE_PROGRAMS])
        for page in SITE_PAGES:
            self.ensure(SitePage, {"slug": page["slug"]}, without_slug(page))
        return self

    def summary(self):
        """The command's output: counts, and what was skipped (one line each)."""
        if self.other:
            found = ", ".join(f"{n} {name}" for name, n in self.other.items())
            return (
                f"Nothing loaded: the database holds content that is not the demo's ({found}). "
                "The fictional demo schools and programs are loaded only into an empty or "
                "demo-only database."
            )
        seen = counted({key: len(pks) for key, pks in self.seen.items()})
        lines = [f"Demo content: {seen}. Rows created: {self.created}."]
        if self.skipped:
            lines.append(
                f"Skipped {sum(self.skipped.values())} rows that exist already, left as they "
                f"are (an editor may have changed them): {counted(self.skipped)}."
            )
        return "\n".join(lines)

    # People -----------------------------------------------------------------------------------

    def load_people(self):
        users, people = {}, {}
        for data in PEOPLE:
            person = self.find(Person, {"slug": data["slug"]})
            if person is None:
                user = self.demo_user(data)
                person = self.create(
                    Person,
                    {"slug": data["slug"]},
                    {
                        "name": data["name"],
                        "job_title": data["job_title"],
                        "short_bio": data["short_bio"],
                        "full_bio": data["full_bio"],
                        "user": user,
                    },
                )
                self.draw_portrait(person, data["colour"])
            else:
                self.restore_portrait(person, data["colour"])
            users[data["slug"]], people[data["slug"]] = person.user, person
        return users, people

    def demo_user(self, data):
        """The demo person's staff account: a new one, or the existing one as it is."""
        first, *_, last = data["name"].split()
        user, created = get_user_model().objects.get_or_create(
            username=data["username"],
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{data['username']}@example.com",
                "is_staff": True,
            },
        )
        if created:
            # Nobody can sign in as a demo person until an operator sets a password.
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=data["group"]))
            self.created += 1
        else:
            self.skipped["demo staff user", "demo staff users"] += 1
        self.seen["demo staff user", "demo staff users"].add(user.pk)
        return user

    def draw_portrait(self, person, colour):
        """A new demo person's portrait, drawn locally."""
        name = portrait_name(person)
        if person.portrait.storage.exists(name):
            person.portrait.storage.delete(name)  # a leftover of ours; keeps the file name stable
        person.portrait.save(f"{person.slug}.png", ContentFile(portrait_png(person.name, colour)))

    def restore_portrait(self, person, colour):
        """Draw again, under the same name, a portrait the loader drew whose file is gone (the
        row is not written). Any other portrait, or none, is an editor's choice and stays."""
        name = portrait_name(person)
        storage = person.portrait.storage
        if person.portrait.name == name and not storage.exists(name):
            storage.save(name, ContentFile(portrait_png(person.name, colour)))

    # Careers and programs ---------------------------------------------------------------------

    def load_fields(self):
        """The fields of study the demo uses: the vocabulary's own, added only if missing (an
        editor's synonyms and descriptions are theirs to keep)."""
        fields = {}
        for name, (slug, synonyms, description) in FIELDS.items():
            field = Field.objects.resolve(name) or Field.objects.resolve(slug)
            if field is None:
                values = {"name": name, "synonyms": synonyms, "description": description}
                field = self.ensure(Field, {"slug": slug}, values)
            self.seen[names(Field)].add(field.pk)
            fields[name] = field
        return fields

    def load_careers(self, fields):
        for data in EDITIONS:
            values = {key: value for key, value in data.items() if key != "start_year"}
            self.ensure(ProjectionEdition, {"start_year": data["start_year"]}, values)
        careers = []
        for data in CAREERS:
            values = without_slug(data) | {
                "source_retrieved_on": RETRIEVED,
                "program_field": fields[PROGRAM_FIELD],
                "is_published": True,
            }
            careers.append(self.ensure(Career, {"slug": data["slug"]}, values))
        return careers

    def load_programs(self, fields):
        schools = {}
        for slug, name, city, state, accreditor, acceptance_rate, is_partner in SCHOOLS:
            schools[slug] = self.ensure(
                School,
                {"slug": slug},
                {
                    "name": name,
                    "city": city,
                    "state": state,
                    "website": f"https://{slug}.example/",
                    "accreditor": accreditor,
                    "acceptance_rate": acceptance_rate,
                    "is_partner": is_partner,
                    "description": FICTIONAL.format(name=name),
                },
            )
        courses = SEED_COURSES | OTHER_COURSES
        programs = {}
        for data in PROGRAMS:
            program = self.find(Program, {"slug": data["slug"]})
            if program is None:
                school = schools[data["school"]]
                values = program_values(data, school, fields)
                program = self.create(Program, {"slug": data["slug"]}, values)
                rules = data["admission"] | {"source_url": f"{program.url}admissions/"}
                self.create(AdmissionRule, {"program": program}, rules)
                for order, (key, kind) in enumerate(data["courses"], start=1):
                    name, description = courses[key]
                    self.create(
                        Course,
                        {"program": program, "order": order},
                        {"name": name, "kind": kind, "description": description},
                    )
            programs[program.slug] = program
        return programs

    # The guide ---------------------------------------------------------------------------------

    def load_guide(self, users, people, careers, programs):
        """The seed guide, live since October 18, 2023, with its history: all of it, or nothing
        when the guide exists (its versions, FAQs and sources are then the editors')."""
        topic = self.ensure(Topic, {"slug": guide.TOPIC["slug"]}, without_slug(guide.TOPIC))
        if self.find(Article, {"slug": guide.SLUG}):
            return
        article = self.create(Article, {"slug": guide.SLUG}, {"topic": topic, "is_featured": True})
        author = people["aaron-perkowitz"]
        editor = people["mitch-jacobson"]
        reviewer = people["victoria-ivy-southall"]
        author_user, reviewer_user = users["aaron-perkowitz"], users["victoria-ivy-southall"]
        version = self.create(
            ArticleVersion,
            {"article": article, "number": 1},
            {
                "state": ArticleVersion.State.LIVE,
                "title": guide.TITLE,
                "dek": guide.DEK,
                "body": guide.BODY,
                "author": author,
                "editor": editor,
                "reviewer": reviewer,
                "change_note": guide.CHANGE_NOTE,
                "is_minor": False,
                "created_by": author_user,
                "approved_by": reviewer_user,
                "submitted_at": SUBMITTED_AT,
                "approved_at": APPROVED_AT,
                "go_live_at": LIVE_AT,
                "published_at": LIVE_AT,
            },
        )
        ArticleVersion.objects.filter(pk=version.pk).update(
            created_at=WRITTEN_AT, updated_at=APPROVED_AT
        )
        Article.objects.filter(pk=article.pk).update(created_at=WRITTEN_AT)
        version.edited_by.set([user for user in (author_user, users["mitch-jacobson"]) if user])
        self.load_version_children(version)
        link_in_order(version.program_links, "program", programs)
        link_in_order(version.career_links, "career", careers)
        self.load_transitions(version, author_user, reviewer_user)
        article.live_version = version
        article.first_published_at = article.content_updated_at = LIVE_AT
        auto_now = [f.name for f in Article._meta.concrete_fields if getattr(f, "auto_now", 0)]
        article.save(
            update_fields=["live_version", "first_published_at", "content_updated_at", *auto_now]
        )

    def load_version_children(self, version):
        for order, (question, answer) in enumerate(guide.FAQS, start=1):
            self.create(
                FAQ, {"version": version, "order": order}, {"question": question, "answer": answer}
            )
        for order, source in enumerate(guide.SOURCES, start=1):
            self.create(
                Source,
                {"version": version, "order": order},
                source | {"accessed_on": guide.ACCESSED},
            )

    def load_transitions(self, version, author_user, reviewer_user):
        """Record how the version went live, as the workflow would have."""
        State = ArticleVersion.State
        history = [
            (State.DRAFT, State.IN_REVIEW, author_user, SUBMITTED_AT, "Ready for review."),
            (
                State.IN_REVIEW,
                State.APPROVED,
                reviewer_user,
                APPROVED_AT,
                "Figures checked against sources.",
            ),
            (State.APPROVED, State.LIVE, None, LIVE_AT, "Went live at the scheduled time."),
        ]
        for from_state, to_state, by, moment, comment in history:
            transition = self.create(
                Transition,
                {"version": version, "from_state": from_state, "to_state": to_state},
                {"by": by, "comment": comment},
            )
            # `at` is auto_now_add, so the historical moment is written after creation.
            Transition.objects.filter(pk=transition.pk).update(at=moment)


def program_values(data, school, fields):
    """The Program fields of one entry of PROGRAMS; `fields` maps field names to Fields."""
    basis, amount = data["tuition"]
    url = f"{school.website}programs/{data['slug']}/"
    return {
        "school": school,
        "name": data["name"],
        "degree": data["degree"],
        "field": fields[data["field"]],
        "specialization": data.get("specialization", ""),
        "format": data["format"],
        "pacing": data["pacing"],
        "summary": (
            f"A fictional demo program: {data['format'].replace('_', '-')} study with "
            f"{data['pacing']} classes over {data['credit_hours']} credit hours."
        ),
        "url": url,
        "credit_hours": data["credit_hours"],
        "duration_min_months": data["duration"][0],
        "duration_max_months": data["duration"][1],
        "tuition_basis": basis,
        "tuition_amount": None if amount is None else Decimal(amount),
        "tuition_source_url": f"{url}tuition/",
        "tuition_checked_on": date(2023, 10, 2),
        "application_fee": None
        if data["application_fee"] is None
        else Decimal(data["application_fee"]),
        "culminating": data["culminating"],
        "start_terms": data["start_terms"],
        "has_transfer_credit": data["has_transfer_credit"],
        "has_financial_aid": data["has_financial_aid"],
        "programmatic_accreditation": data.get("programmatic_accreditation", ""),
        "is_published": data.get("is_published", True),
    }


def link_in_order(links, field, objects):
    """Give a new version's ordered links these `objects`, in list order."""
    for order, obj in enumerate(objects, start=1):
        links.create(**{f"{field}_id": obj.pk, "order": order})


def without_slug(data):
    return {key: value for key, value in data.items() if key != "slug"}


def load():
    """Load the demo content and return the loader with its counts."""
    return Loader().load()
