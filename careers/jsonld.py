"""JSON-LD for career pages: an Occupation with its salary, education and SOC category."""

from core.jsonld import CONTEXT, absolute, clean

from .models import Career


def occupation(career):
    """An Occupation with the salary statistic and year, education and SOC category."""
    salary = None
    if career.salary is not None:
        is_median = career.salary_statistic == Career.SalaryStatistic.MEDIAN
        salary = clean(
            {
                "@type": "MonetaryAmountDistribution",
                "name": f"{career.get_salary_statistic_display()} annual salary",
                "currency": "USD",
                "duration": "P1Y",
                "median": career.salary if is_median else None,
                "description": None
                if is_median
                else f"Average (mean) annual salary: {career.salary} USD",
                "validFrom": f"{career.salary_year}-01-01" if career.salary_year else None,
                "validThrough": f"{career.salary_year}-12-31" if career.salary_year else None,
            }
        )
        if not is_median:
            # schema.org has no "mean" on the distribution; state it as the value instead.
            salary["value"] = career.salary
    category = None
    if career.soc_code:
        category = {
            "@type": "CategoryCode",
            "codeValue": career.soc_code,
            "inCodeSet": {
                "@type": "CategoryCodeSet",
                "name": "Standard Occupational Classification (SOC)",
                "url": "https://www.bls.gov/soc/",
            },
        }
    return clean(
        {
            "@context": CONTEXT,
            "@type": "Occupation",
            "@id": absolute(career.get_absolute_url()),
            "name": career.title,
            "description": career.summary,
            "url": absolute(career.get_absolute_url()),
            "estimatedSalary": [salary] if salary else None,
            "educationRequirements": career.get_education_display() if career.education else None,
            "occupationalCategory": category,
            "occupationLocation": {"@type": "Country", "name": "United States"},
        }
    )
