"""Write the demo content idempotently: each row is keyed on its slug, or its parent and order.

A second run finds every row as it left it and writes nothing. Rows an editor has changed are
set back to the demo's values, except the guide: once a later version has gone live through the
workflow, the loader leaves the guide's versions alone.
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


class Loader:
    """Loads every part of the demo and counts rows seen, created and updated."""

    def __init__(self):
        self.seen = defaultdict(set)
        self.created = 0
        self.updated = 0

    def upsert(self, model, lookup, values):
        """Create the row, or save only the fields that differ; return it."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            self.created += 1
        self.seen[model._meta.verbose_name, model._meta.verbose_name_plural].add(obj.pk)
        changed = [name for name, value in values.items() if _differs(obj, name, value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            auto_now = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", 0)]
            obj.save(update_fields=changed + auto_now)
            self.updated += 1
        return obj

    def prune(self, queryset):
        """Delete rows the demo no longer has (e.g. a FAQ past the last one)."""
        deleted, _ = queryset.delete()
        self.updated += bool(deleted)

    def load(self):
        """Load everything, in dependency order."""
        users, people = self.load_people()
        fields = self.load_fields()
        careers = self.load_careers(fields)
        programs = self.load_programs(fields)
        self.load_guide(users, people, careers, [programs[slug] for slug in GUIDE_PROGRAMS])
        for page in SITE_PAGES:
            self.upsert(SitePage, {"slug": page["slug"]}, without_slug(page))
        return self

    def summary(self):
        """One line of counts for the command's output."""
        parts = ", ".join(
            f"{len(pks)} {singular if len(pks) == 1 else plural}"
            for (singular, plural), pks in self.seen.items()
        )
        return f"Demo content: {parts}. Rows created: {self.created}, updated: {self.updated}."

    # People -----------------------------------------------------------------------------------

    def load_people(self):
        users, people = {}, {}
        for data in PEOPLE:
            user = self.demo_user(data)
            person = self.upsert(
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
            self.ensure_portrait(person, data["colour"])
            users[data["slug"]], people[data["slug"]] = user, person
        return users, people

    def demo_user(self, data):
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
            self.created += 1
        if not user.groups.filter(name=data["group"]).exists():
            user.groups.add(Group.objects.get(name=data["group"]))
            self.updated += not created
        self.seen["demo staff user", "demo staff users"].add(user.pk)
        return user

    def ensure_portrait(self, person, colour):
        """Draw the portrait unless the person already has one (perhaps a real photo)."""
        portrait = person.portrait
        if portrait.name and portrait.storage.exists(portrait.name):
            return
        name = f"{Person._meta.get_field('portrait').upload_to}{person.slug}.png"
        if portrait.storage.exists(name):
            portrait.storage.delete(name)  # a leftover of ours; keeps the file name stable
        portrait.save(f"{person.slug}.png", ContentFile(portrait_png(person.name, colour)))
        self.updated += 1

    # Careers and programs ---------------------------------------------------------------------

    def load_fields(self):
        """The fields of study the demo uses: the vocabulary's own, added only if missing (an
        editor's synonyms and descriptions are theirs to keep)."""
        fields = {}
        for name, (slug, synonyms, description) in FIELDS.items():
            field = Field.objects.resolve(name) or Field.objects.resolve(slug)
            if field is None:
                values = {"name": name, "synonyms": synonyms, "description": description}
                field = self.upsert(Field, {"slug": slug}, values)
            self.seen[Field._meta.verbose_name, Field._meta.verbose_name_plural].add(field.pk)
            fields[name] = field
        return fields

    def load_careers(self, fields):
        for data in EDITIONS:
            values = {key: value for key, value in data.items() if key != "start_year"}
            self.upsert(ProjectionEdition, {"start_year": data["start_year"]}, values)
        careers = []
        for data in CAREERS:
            values = without_slug(data) | {
                "source_retrieved_on": RETRIEVED,
                "program_field": fields[PROGRAM_FIELD],
                "is_published": True,
            }
            careers.append(self.upsert(Career, {"slug": data["slug"]}, values))
        return careers

    def load_programs(self, fields):
        schools = {}
        for slug, name, city, state, accreditor, acceptance_rate, is_partner in SCHOOLS:
            schools[slug] = self.upsert(
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
            school = schools[data["school"]]
            program = self.upsert(
                Program, {"slug": data["slug"]}, program_values(data, school, fields)
            )
            programs[program.slug] = program
            rules = data["admission"] | {"source_url": f"{program.url}admissions/"}
            self.upsert(AdmissionRule, {"program": program}, rules)
            for order, (key, kind) in enumerate(data["courses"], start=1):
                name, description = courses[key]
                self.upsert(
                    Course,
                    {"program": program, "order": order},
                    {"name": name, "kind": kind, "description": description},
                )
            self.prune(program.courses.filter(order__gt=len(data["courses"])))
        return programs

    # The guide ---------------------------------------------------------------------------------

    def load_guide(self, users, people, careers, programs):
        topic = self.upsert(Topic, {"slug": guide.TOPIC["slug"]}, without_slug(guide.TOPIC))
        article = self.upsert(Article, {"slug": guide.SLUG}, {"topic": topic, "is_featured": True})
        first = article.versions.filter(number=1).first()
        if article.versions.exists() and not (first and article.live_version_id == first.pk):
            return  # the guide has moved on through the workflow; its history is not ours
        author = people["aaron-perkowitz"]
        editor = people["mitch-jacobson"]
        reviewer = people["victoria-ivy-southall"]
        version = self.upsert(
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
                "created_by": author.user,
                "approved_by": reviewer.user,
                "submitted_at": SUBMITTED_AT,
                "approved_at": APPROVED_AT,
                "go_live_at": LIVE_AT,
                "published_at": LIVE_AT,
            },
        )
        if first is None:
            ArticleVersion.objects.filter(pk=version.pk).update(
                created_at=WRITTEN_AT, updated_at=APPROVED_AT
            )
            Article.objects.filter(pk=article.pk).update(created_at=WRITTEN_AT)
        version.edited_by.set([author.user, editor.user])
        self.load_version_children(version)
        link_in_order(version.program_links, "program", programs)
        link_in_order(version.career_links, "career", careers)
        self.load_transitions(version, author.user, reviewer.user)
        self.upsert(
            Article,
            {"slug": guide.SLUG},
            {"live_version": version, "first_published_at": LIVE_AT, "content_updated_at": LIVE_AT},
        )

    def load_version_children(self, version):
        for order, (question, answer) in enumerate(guide.FAQS, start=1):
            self.upsert(
                FAQ, {"version": version, "order": order}, {"question": question, "answer": answer}
            )
        self.prune(version.faqs.filter(order__gt=len(guide.FAQS)))
        for order, source in enumerate(guide.SOURCES, start=1):
            self.upsert(
                Source,
                {"version": version, "order": order},
                source | {"accessed_on": guide.ACCESSED},
            )
        self.prune(version.sources.filter(order__gt=len(guide.SOURCES)))

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
            transition = self.upsert(
                Transition,
                {"version": version, "from_state": from_state, "to_state": to_state},
                {"by": by, "comment": comment},
            )
            # `at` is auto_now_add, so the historical moment is written after creation.
            if transition.at != moment:
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
    """Make a version's ordered links hold exactly `objects`, in list order."""
    wanted = {obj.pk: order for order, obj in enumerate(objects, start=1)}
    current = {getattr(link, f"{field}_id"): link for link in links.all()}
    links.exclude(**{f"{field}_id__in": list(wanted)}).delete()
    for pk, order in wanted.items():
        link = current.get(pk)
        if link is None:
            links.create(**{f"{field}_id": pk, "order": order})
        elif link.order != order:
            link.order = order
            link.save(update_fields=["order"])


def without_slug(data):
    return {key: value for key, value in data.items() if key != "slug"}


def _differs(obj, name, value):
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def load():
    """Load the demo content and return the loader with its counts."""
    return Loader().load()
