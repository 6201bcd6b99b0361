"""Synthetic schools and programs for benchmarks: plausible proportions, every field and rule kind.

Rows are marked as synthetic (is_synthetic), and their slugs start with PREFIX, so that a new run
can replace the last one and `remove()` can delete them, and nothing else: a synthetic school an
editor has added a real program to is kept. The same seed always makes the same rows. Programs take
their fields of study from the vocabulary (programs.Field); a field it lacks is added.
"""

import random
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core import history

from . import finder_rows
from .models import AdmissionRule, Course, Field, Program, School

PREFIX = "synthetic-"
FIELDS = {
    "Machine Learning": 30,
    "Artificial Intelligence": 20,
    "Data Science": 20,
    "Computer Science": 12,
    "Computer Vision": 4,
    "Natural Language Processing": 4,
    "Robotics": 4,
    "Statistics": 3,
    "Cybersecurity": 3,
}
CITIES = [
    ("Springfield", "IL"), ("Austin", "TX"), ("Boston", "MA"), ("Denver", "CO"),
    ("Seattle", "WA"), ("Atlanta", "GA"), ("Phoenix", "AZ"), ("Columbus", "OH"),
    ("Raleigh", "NC"), ("San Diego", "CA"), ("Pittsburgh", "PA"), ("Madison", "WI"),
    ("Ann Arbor", "MI"), ("Berkeley", "CA"), ("Ithaca", "NY"), ("Gainesville", "FL"),
]  # fmt: skip
COURSES = [
    "Machine Learning", "Statistical Methods", "Natural Language Processing", "Web Mining",
    "Deep Learning", "Data Ethics", "Optimization", "Computer Vision",
]  # fmt: skip
CHECKED_ON = date(2026, 9, 1)
BATCH = 1000


def maybe(rng, share, value):
    """`value`, or None (unknown) for about `share` of the rows."""
    return None if rng.random() < share else value


@transaction.atomic
def generate(count, seed=2026):
    """Replace earlier synthetic rows with `count` programs (about 5 a school); return their ids."""
    rng = random.Random(seed)
    remove()
    school_ids = _schools(rng, max(1, count // 5))
    program_ids = _programs(rng, count, school_ids)
    _rules(rng, program_ids)
    _courses(rng, program_ids)
    # bulk_create() sends no save signals.
    finder_rows.refresh(Program.objects.filter(is_synthetic=True).values("pk"))
    return program_ids


@transaction.atomic
def remove():
    """Delete the synthetic programs, with their rules, courses and places on guides, and the
    synthetic schools left without a program; return how many programs and schools went, and
    how many synthetic schools were kept.

    Rows are told by their mark alone (is_synthetic), never by name or slug. A synthetic school
    that holds a program an editor made is kept, with that program."""
    programs = Program.objects.filter(is_synthetic=True)
    # Guides may show synthetic programs (bench/scale.py links some); those links go with them.
    # They are reached through the reverse relation: articles sits above programs.
    links = Program._meta.get_field("article_links").related_model
    links.objects.filter(program__in=programs).delete()
    program_count = programs.count()
    # Benchmark rows go with their history, not one deletion record each: none of it is an
    # editor's work (a kept school keeps its history).
    with history.paused():
        programs.delete()
        schools = School.objects.filter(is_synthetic=True, programs__isnull=True)
        gone = list(schools.values_list("pk", flat=True))
        School.objects.filter(pk__in=gone).delete()
    _forget_history(gone)
    school_count = len(gone)
    return program_count, school_count, School.objects.filter(is_synthetic=True).count()


def _forget_history(school_ids):
    """Drop the recorded history of the synthetic programs (all gone) and of these schools."""
    programs = Program.history.filter(is_synthetic=True).values("id")
    AdmissionRule.history.filter(program_id__in=programs).delete()
    Course.history.filter(program_id__in=programs).delete()
    Program.history.filter(is_synthetic=True).delete()
    School.history.filter(id__in=school_ids).delete()


def _free_numbers(model, kind, count):
    """`count` numbers n whose slug PREFIX + kind-n no row has (a kept school keeps its own)."""
    taken = set(
        model.objects.filter(slug__startswith=f"{PREFIX}{kind}-").values_list("slug", flat=True)
    )
    numbers, n = [], 0
    while len(numbers) < count:
        if f"{PREFIX}{kind}-{n}" not in taken:
            numbers.append(n)
        n += 1
    return numbers


def _schools(rng, count):
    kept = list(School.objects.filter(is_synthetic=True).values_list("pk", flat=True))
    schools = []
    for i in _free_numbers(School, "school", count):
        city, state = rng.choice(CITIES)
        kind = rng.choice(["State", "Tech", "Metropolitan", "Pacific"])
        schools.append(
            School(
                name=f"{city} {kind} University {i} (synthetic)",
                slug=f"{PREFIX}school-{i}",
                city=city,
                state=state,
                website=f"https://school-{i}.example/",
                accreditor="" if rng.random() < 0.08 else "Higher Learning Commission",
                acceptance_rate=maybe(rng, 0.2, Decimal(rng.randint(500, 9500)) / 100),
                is_partner=rng.random() < 0.03,
                is_synthetic=True,
            )
        )
    School.objects.bulk_create(schools, batch_size=BATCH)
    # bulk_create() records no history: recorded here, with the caller's reason (the command's).
    history.record_bulk(School, schools, created=True)
    new = School.objects.filter(is_synthetic=True).exclude(pk__in=kept).order_by("pk")
    return list(new.values_list("pk", flat=True))


def vocabulary():
    """The Field for each name of FIELDS: the vocabulary's own, or a new one if it has none."""
    found = {}
    for name in FIELDS:
        field = Field.objects.resolve(name) or Field.objects.resolve(slugify(name))
        if field is None:
            field = Field.objects.create(name=name, slug=slugify(name))
        found[name] = field
    return found


def _programs(rng, count, school_ids):
    fields, weights = list(FIELDS), list(FIELDS.values())
    vocabulary_fields = vocabulary()
    # bulk_create() skips Program.save(), which records the first publication.
    now = timezone.now()
    programs = []
    for i in _free_numbers(Program, "program", count):
        field = rng.choices(fields, weights)[0]
        degree = rng.choices(["MS", "MEng", "MA", "MPS"], [70, 15, 5, 10])[0]
        credits = maybe(rng, 0.05, rng.randint(30, 48))
        per_credit = credits is not None and rng.random() < 0.4
        amount = rng.randint(500, 2500) if per_credit else rng.randint(12, 95) * 1000
        shortest = rng.choice([10, 12, 16, 18, 20, 24])
        programs.append(
            Program(
                school_id=school_ids[i % len(school_ids)],
                name=f"{degree} in {field}",
                slug=f"{PREFIX}program-{i}",
                degree=degree,
                field=vocabulary_fields[field],
                format=rng.choices(["online", "in_person", "hybrid"], [45, 35, 20])[0],
                pacing=rng.choice(["asynchronous", "synchronous"]),
                summary=f"A synthetic {degree} program in {field.lower()} for benchmarks.",
                url=f"https://school-{i % len(school_ids)}.example/programs/{i}/",
                credit_hours=credits,
                duration_min_months=shortest,
                duration_max_months=shortest + rng.choice([0, 6, 12, 24]),
                tuition_basis="per_credit" if per_credit else "total",
                tuition_amount=maybe(rng, 0.05, Decimal(amount)),
                tuition_source_url="https://example.edu/tuition",
                tuition_checked_on=CHECKED_ON,
                application_fee=maybe(rng, 0.1, Decimal(rng.choice([0, 50, 75, 90]))),
                culminating=rng.choice(["thesis", "capstone", "either", "neither", ""]),
                start_terms=rng.choice(["Fall", "Fall, Spring", "Fall, Spring, Summer"]),
                has_transfer_credit=rng.choice([True, False, None]),
                has_financial_aid=rng.choice([True, True, False, None]),
                programmatic_accreditation="ABET" if rng.random() < 0.1 else "",
                is_published=rng.random() < 0.95,
                is_synthetic=True,
            )
        )
    for program in programs:
        program.first_published_at = now if program.is_published else None
    Program.objects.bulk_create(programs, batch_size=BATCH)
    history.record_bulk(Program, programs, created=True)
    # remove() has deleted every earlier synthetic program: the marked ones are these.
    return list(
        Program.objects.filter(is_synthetic=True).order_by("pk").values_list("pk", flat=True)
    )


def _rules(rng, program_ids):
    rules = []
    for program_id in program_ids:
        policy = rng.choices(["unknown", "required", "optional", "not_required"], [15, 30, 25, 30])
        rules.append(
            AdmissionRule(
                program_id=program_id,
                min_gpa=maybe(rng, 0.25, Decimal(rng.randint(25, 35)) / 10),
                gre_policy=policy[0],
                gre_min_total=rng.randint(290, 330)
                if policy[0] in ("required", "optional") and rng.random() < 0.4
                else None,
                bachelors=rng.choice(["unknown", "any_field", "cs_related"]),
                requires_programming=rng.choice([True, False, None]),
                requires_math=rng.choice([True, False, None]),
                needs_transcripts=maybe(rng, 0.1, True),
                letters_of_recommendation=maybe(rng, 0.2, rng.choice([0, 2, 3])),
                needs_statement=rng.choice([True, False, None]),
                needs_resume=rng.choice([True, False, None]),
                deadline=maybe(rng, 0.4, date(2027, rng.choice([1, 3, 5, 7]), 15)),
                deadline_note="Rolling admission" if rng.random() < 0.2 else "",
                source_url="https://example.edu/admissions",
                checked_on=CHECKED_ON,
            )
        )
    AdmissionRule.objects.bulk_create(rules, batch_size=BATCH)
    history.record_bulk(AdmissionRule, rules, created=True)


def _courses(rng, program_ids):
    courses = [
        Course(program_id=program_id, name=name, kind=kind, order=order)
        for program_id in program_ids
        for order, (name, kind) in enumerate(
            zip(rng.sample(COURSES, 3), ["core", "core", "elective"], strict=True)
        )
    ]
    Course.objects.bulk_create(courses, batch_size=BATCH)
    history.record_bulk(Course, courses, created=True)
