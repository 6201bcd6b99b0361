"""JSON-LD for career pages: an Occupation with its salary, education and SOC category."""

from core.jsonld import CONTEXT, absolute, clean

from .models import Career


def salary(career):
    """The salary figure as schema.org can state it, or None.

    A median is a MonetaryAmountDistribution (`median`, `duration` P1Y). That type has no
    validity dates and no `value`, so its reference year can only go into its text. An average
    has no place in a distribution (no "mean"), so it is a MonetaryAmount: its `value` a
    QuantitativeValue per YEAR (as Google reads baseSalary), and the reference year as
    `validFrom`/`validThrough`, which MonetaryAmount has.
    """
    if career.salary is None:
        return None
    label = f"{career.get_salary_statistic_display()} annual salary"
    year = career.salary_year
    if career.salary_statistic == Career.SalaryStatistic.MEDIAN:
        return clean(
            {
                "@type": "MonetaryAmountDistribution",
                "name": label,
                "description": f"{label} in {year}" if year else None,
                "currency": "USD",
                "duration": "P1Y",
                "median": career.salary,
            }
        )
    return clean(
        {
            "@type": "MonetaryAmount",
            "name": label,
            "currency": "USD",
            "value": {"@type": "QuantitativeValue", "value": career.salary, "unitText": "YEAR"},
            "validFrom": f"{year}-01-01" if year else None,
            "validThrough": f"{year}-12-31" if year else None,
        }
    )


def occupation(career):
    """An Occupation with the salary statistic and year, education and SOC category."""
    estimated = salary(career)
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
            "@id": absolute(career.get_absolute_url()) + "#occupation",
            "name": career.title,
            "description": career.summary,
            "url": absolute(career.get_absolute_url()),
            "estimatedSalary": [estimated] if estimated else None,
            "educationRequirements": career.get_education_display() if career.education else None,
            "occupationalCategory": category,
            "occupationLocation": {"@type": "Country", "name": "United States"},
        }
    )
