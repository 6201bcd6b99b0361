"""Admission checks as pure functions: a student's profile against a program's published rules.

No database access here: the quiz and the program page pass plain values in. A rule the program
does not publish, or an answer the student did not give, is "can't tell", never a fail
(the quiz must not turn missing data into a rejection).
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"

    @property
    def label(self):
        return {"met": "Meets", "not_met": "Does not meet", "unknown": "Can't tell"}[self.value]


@dataclass(frozen=True)
class StudentProfile:
    """What the student told us; None means not answered (for the GRE: not taken)."""

    gpa: Decimal | None = None
    gre: int | None = None
    has_bachelors: bool | None = None
    cs_degree: bool | None = None
    programming: bool | None = None
    math: bool | None = None


@dataclass(frozen=True)
class RuleValues:
    """A program's admission rules as stored; the defaults mean "not published"."""

    min_gpa: Decimal | None = None
    gre_policy: str = "unknown"
    gre_min_total: int | None = None
    bachelors: str = "unknown"
    requires_programming: bool | None = None
    requires_math: bool | None = None

    @classmethod
    def from_values(cls, row, prefix="admission__"):
        """Build from a .values() row; a program without a rules row reads as all unknown."""
        return cls(
            min_gpa=row.get(f"{prefix}min_gpa"),
            gre_policy=row.get(f"{prefix}gre_policy") or "unknown",
            gre_min_total=row.get(f"{prefix}gre_min_total"),
            bachelors=row.get(f"{prefix}bachelors") or "unknown",
            requires_programming=row.get(f"{prefix}requires_programming"),
            requires_math=row.get(f"{prefix}requires_math"),
        )

    @classmethod
    def from_rule(cls, rule):
        """Build from an AdmissionRule instance, or None when the program has none."""
        if rule is None:
            return cls()
        return cls(
            min_gpa=rule.min_gpa,
            gre_policy=rule.gre_policy,
            gre_min_total=rule.gre_min_total,
            bachelors=rule.bachelors,
            requires_programming=rule.requires_programming,
            requires_math=rule.requires_math,
        )


@dataclass(frozen=True)
class RuleResult:
    """One rule checked. A "can't tell" names what is missing: what the program does not
    publish (unpublished) or what the student did not say (unanswered)."""

    rule: str
    label: str
    status: Status
    sentence: str
    unpublished: str = ""
    unanswered: str = ""


@dataclass(frozen=True)
class Evaluation:
    results: tuple[RuleResult, ...]

    @property
    def unmet(self):
        return [r for r in self.results if r.status is Status.NOT_MET]

    @property
    def unknown(self):
        return [r for r in self.results if r.status is Status.UNKNOWN]

    @property
    def qualifies(self):
        """True only when every rule is published and met: "qualify" is never said of a program
        with a rule we cannot check (issue 12)."""
        return all(r.status is Status.MET for r in self.results)

    @property
    def fails_none(self):
        """True when no rule is failed; a rule we cannot check never counts against."""
        return not self.unmet

    @property
    def near_miss(self):
        return len(self.unmet) == 1

    @property
    def group(self):
        """Where the quiz lists the program: "qualify", "unknown" (nothing failed, something
        cannot be told), "near" (one rule failed), or "" (two or more failed)."""
        if self.qualifies:
            return "qualify"
        if self.fails_none:
            return "unknown"
        return "near" if self.near_miss else ""

    @property
    def unpublished(self):
        """What the program does not publish, as noun phrases ("its minimum GPA")."""
        return [r.unpublished for r in self.results if r.unpublished]

    @property
    def unanswered(self):
        """What the student did not tell us, as noun phrases ("your GPA")."""
        return [r.unanswered for r in self.results if r.unanswered]

    @property
    def missing(self):
        """Why the quiz cannot tell, as one sentence ("" when nothing is missing)."""
        parts = []
        if self.unpublished:
            parts.append("the program does not publish " + _or(self.unpublished))
        if self.unanswered:
            parts.append("you did not tell us " + _or(self.unanswered))
        text = "; ".join(parts)
        return text[:1].upper() + text[1:] + "." if text else ""


def _or(phrases):
    """["a", "b", "c"] -> "a, b or c"."""
    return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " or " + phrases[-1]


def format_gpa(value):
    """3 -> "3.0", 3.25 -> "3.25": the way GPAs are written."""
    try:
        text = f"{Decimal(value):.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return text[:-1] if text.endswith("0") else text


def check_gpa(gpa, min_gpa):
    """The student's GPA against the program's minimum."""
    label = "Minimum GPA"
    if min_gpa is None:
        return RuleResult(
            "gpa", label, Status.UNKNOWN, "No minimum GPA published", unpublished="its minimum GPA"
        )
    minimum = format_gpa(min_gpa)
    if gpa is None:
        sentence = f"The minimum GPA is {minimum}; you did not give yours"
        return RuleResult("gpa", label, Status.UNKNOWN, sentence, unanswered="your GPA")
    if Decimal(gpa) >= Decimal(min_gpa):
        sentence = f"GPA {format_gpa(gpa)} meets the {minimum} minimum"
        return RuleResult("gpa", label, Status.MET, sentence)
    sentence = f"GPA {format_gpa(gpa)} is below the {minimum} minimum"
    return RuleResult("gpa", label, Status.NOT_MET, sentence)


def check_gre(gre, policy, min_total):
    """The student's GRE total (None: not taken) against the program's GRE policy."""
    label = "GRE"
    if policy == "not_required":
        return RuleResult("gre", label, Status.MET, "GRE not required")
    if policy == "optional":
        if gre is not None and min_total is not None and gre < min_total:
            sentence = (
                f"GRE optional: you can apply without it (GRE {gre} is below the "
                f"{min_total} minimum if you send it)"
            )
        elif gre is not None and min_total is not None:
            sentence = f"GRE optional; GRE {gre} meets the {min_total} minimum"
        else:
            sentence = "GRE optional"
        return RuleResult("gre", label, Status.MET, sentence)
    if policy == "required":
        if gre is None:
            sentence = "GRE required; you have not taken it"
            return RuleResult("gre", label, Status.NOT_MET, sentence)
        if min_total is None:
            sentence = f"GRE required, no minimum score published; GRE {gre} can be sent"
            return RuleResult("gre", label, Status.MET, sentence)
        if gre >= min_total:
            return RuleResult("gre", label, Status.MET, f"GRE {gre} meets the {min_total} minimum")
        sentence = f"GRE {gre} is below the {min_total} minimum"
        return RuleResult("gre", label, Status.NOT_MET, sentence)
    return RuleResult(
        "gre", label, Status.UNKNOWN, "GRE policy not published", unpublished="its GRE policy"
    )


def check_bachelors(has_bachelors, cs_degree, requirement):
    """The student's bachelor's degree against the program's degree requirement."""
    label = "Bachelor's degree"
    if requirement not in ("any_field", "cs_related"):
        sentence = "Bachelor's degree requirement not published"
        return RuleResult(
            "bachelors",
            label,
            Status.UNKNOWN,
            sentence,
            unpublished="its bachelor's degree requirement",
        )
    if has_bachelors is False:
        return RuleResult("bachelors", label, Status.NOT_MET, "A bachelor's degree is required")
    if has_bachelors is None and cs_degree:
        has_bachelors = True  # a degree in CS is a bachelor's degree
    if requirement == "any_field":
        if has_bachelors:
            sentence = "A bachelor's degree in any field is required; you have one"
            return RuleResult("bachelors", label, Status.MET, sentence)
        sentence = "A bachelor's degree is required; you did not say if you have one"
        return RuleResult(
            "bachelors",
            label,
            Status.UNKNOWN,
            sentence,
            unanswered="whether you have a bachelor's degree",
        )
    if has_bachelors and cs_degree:
        sentence = "A bachelor's in CS or a related field is required; yours is"
        return RuleResult("bachelors", label, Status.MET, sentence)
    if cs_degree is False:
        sentence = "A bachelor's in CS or a related field is required; yours is in another field"
        return RuleResult("bachelors", label, Status.NOT_MET, sentence)
    sentence = "A bachelor's in CS or a related field is required; you did not say if yours is"
    return RuleResult(
        "bachelors",
        label,
        Status.UNKNOWN,
        sentence,
        unanswered="whether your bachelor's is in CS or a related field",
    )


def check_background(rule, label, noun, has, required):
    """A yes/no prerequisite such as programming or math background."""
    if required is None:
        sentence = f"{noun.capitalize()} prerequisite not published"
        return RuleResult(
            rule, label, Status.UNKNOWN, sentence, unpublished=f"its {noun} prerequisite"
        )
    if required is False:
        return RuleResult(rule, label, Status.MET, f"No {noun} background required")
    if has is True:
        sentence = f"{noun.capitalize()} background required; you have it"
        return RuleResult(rule, label, Status.MET, sentence)
    if has is False:
        return RuleResult(rule, label, Status.NOT_MET, f"{noun.capitalize()} background required")
    sentence = f"{noun.capitalize()} background required; you did not say if you have it"
    return RuleResult(
        rule, label, Status.UNKNOWN, sentence, unanswered=f"whether you have a {noun} background"
    )


def evaluate(profile, rules):
    """Every admission rule of one program, checked against one student."""
    return Evaluation(
        (
            check_bachelors(profile.has_bachelors, profile.cs_degree, rules.bachelors),
            check_gpa(profile.gpa, rules.min_gpa),
            check_gre(profile.gre, rules.gre_policy, rules.gre_min_total),
            check_background(
                "programming",
                "Programming",
                "programming",
                profile.programming,
                rules.requires_programming,
            ),
            check_background("math", "Math", "math", profile.math, rules.requires_math),
        )
    )
