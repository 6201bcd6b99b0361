"""JSON-LD for program and school pages: only what the page itself states."""

from core.jsonld import CONTEXT, absolute

from .rules import format_gpa

MODES = {"online": "online", "in_person": "onsite", "hybrid": "blended"}


def school_node(school):
    url = absolute(school.get_absolute_url())
    return {
        "@type": "CollegeOrUniversity",
        # The same @id on the school page and as every program's provider: one node in a graph.
        "@id": url + "#school",
        "name": school.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": school.city,
            "addressRegion": school.state,
            "addressCountry": "US",
        },
    }


def _prerequisites(rule):
    if rule is None:
        return []
    items = []
    if rule.bachelors != "unknown":
        items.append(
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "Bachelor's degree",
                "description": rule.get_bachelors_display(),
            }
        )
    if rule.min_gpa is not None:
        items.append(f"Minimum GPA {format_gpa(rule.min_gpa)} on a 4.0 scale")
    if rule.gre_policy == "required":
        minimum = f", minimum total {rule.gre_min_total}" if rule.gre_min_total else ""
        items.append(f"GRE required{minimum}")
    elif rule.gre_policy in ("optional", "not_required"):
        items.append(f"GRE {rule.get_gre_policy_display().lower()}")
    if rule.requires_programming:
        items.append("Programming experience")
    if rule.requires_math:
        items.append("Calculus, linear algebra or statistics")
    return items


def program_graph(program, admission):
    """EducationalOccupationalProgram for a program page (the base template adds breadcrumbs)."""
    url = absolute(program.get_absolute_url())
    node = {
        "@type": "EducationalOccupationalProgram",
        "@id": url + "#program",
        "name": program.name,
        "url": url,
        "provider": school_node(program.school),
        "educationalProgramMode": [MODES[program.format], program.pacing],
        "educationalCredentialAwarded": program.get_degree_display(),
    }
    if program.summary:
        node["description"] = program.summary
    months = program.duration_min_months or program.duration_max_months
    if months:
        node["timeToComplete"] = f"P{months}M"
    if program.credit_hours:
        node["numberOfCredits"] = program.credit_hours
    if program.tuition_total is not None:
        node["offers"] = {
            "@type": "Offer",
            "category": "Tuition",
            "price": f"{program.tuition_total:.2f}",
            "priceCurrency": "USD",
        }
    prerequisites = _prerequisites(admission)
    if prerequisites:
        node["programPrerequisites"] = prerequisites
    if admission is not None and admission.deadline:
        node["applicationDeadline"] = admission.deadline.isoformat()
    return {"@context": CONTEXT, **node}


def school_graph(school):
    """CollegeOrUniversity for a school page."""
    return {"@context": CONTEXT, **school_node(school)}
