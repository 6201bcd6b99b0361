"""The four careers of the seed guide, in the seed's order, with the seed's exact figures.

The seed labels two salaries "median" and two "average". The medians and all three outlook
figures are the BLS Occupational Outlook Handbook's 2022-23 edition (May 2021 wages,
2021-31 projections); the two averages are the kind of figure a salary survey such as Payscale
publishes, and the BLS has no machine learning engineer outlook, hence "Not Available".
"""

from datetime import date

BLS = "U.S. Bureau of Labor Statistics"
OOH_2022 = "Occupational Outlook Handbook, 2022-23 edition"
RETRIEVED = date(2023, 10, 16)

CAREERS = [
    {
        "slug": "research-scientist",
        "title": "Research Scientist",
        "summary": (
            "Research scientists put new technology to work on hard problems across many "
            "industries, and machine learning is one of their most versatile tools."
        ),
        "description": (
            "Research scientists find new uses for emerging technology to solve problems in a "
            "wide range of industries. Machine learning is one such technology, and as it "
            "matures it is being applied in more and more ways.\n\n"
            "The work usually runs from defining a problem, through designing a solution, to "
            "building and testing it."
        ),
        "education": "masters",
        "salary": 131_490,
        "salary_statistic": "median",
        "salary_year": 2021,
        "outlook_percent": 21,
        "outlook_start_year": 2021,
        "outlook_end_year": 2031,
        "source_name": BLS,
        "source_url": "https://www.bls.gov/ooh/computer-and-information-technology/"
        "computer-and-information-research-scientists.htm",
        "source_edition": OOH_2022,
        # Computer and information research scientists.
        "soc_code": "15-1221",
    },
    {
        "slug": "data-scientist",
        "title": "Data Scientist",
        "summary": (
            "Data scientists look for patterns in data to answer questions, and explain what "
            "they find to colleagues and decision makers."
        ),
        "description": (
            "Data scientists study data to spot patterns and answer practical questions. "
            "Explaining the results matters as much as finding them, so strong communication "
            "with co-workers and business stakeholders is part of the job.\n\n"
            "Machine learning lets data scientists build ever more sophisticated algorithms."
        ),
        "education": "bachelors",
        "salary": 100_910,
        "salary_statistic": "median",
        "salary_year": 2021,
        "outlook_percent": 36,
        "outlook_start_year": 2021,
        "outlook_end_year": 2031,
        "source_name": BLS,
        "source_url": "https://www.bls.gov/ooh/math/data-scientists.htm",
        "source_edition": OOH_2022,
        "soc_code": "15-2051",
    },
    {
        "slug": "machine-learning-engineer",
        "title": "Machine Learning Engineer",
        "summary": (
            "Machine learning engineers write the code that designs, builds and trains ML "
            "models, then test and tune those models until they perform."
        ),
        "description": (
            "Machine learning engineers use programming to design, build and train ML models. "
            "A good model learns with little human intervention, but the engineer still tests "
            "it and adjusts it to get the best results.\n\n"
            "They also judge where ML is worth applying and explain how a system works to the "
            "rest of the team."
        ),
        "education": "bachelors",
        "salary": 114_980,
        "salary_statistic": "average",
        "salary_year": 2023,
        # The seed gives the 2021-31 period with no figure: the card reads "Not Available".
        "outlook_percent": None,
        "outlook_start_year": 2021,
        "outlook_end_year": 2031,
        "source_name": "Payscale",
        "source_url": "https://www.payscale.com/research/US/Job=Machine_Learning_Engineer/Salary",
        "source_edition": "Salary data, October 2023",
        # The BLS has no occupation for ML engineers; software developers is the closest.
        "soc_code": "15-1252",
    },
    {
        "slug": "business-intelligence-analyst",
        "title": "Business Intelligence Analyst",
        "summary": (
            "Business intelligence analysts gather and analyze financial, market and internal "
            "company data, using tools from SQL to machine learning."
        ),
        "description": (
            "Business intelligence analysts collect and study data on finances, market trends "
            "and a company's own economics. SQL, data mining and machine learning are among "
            "the tools they use.\n\n"
            "Many also build and maintain the databases, models and spreadsheets the work "
            "depends on."
        ),
        "education": "bachelors",
        "salary": 78_860,
        "salary_statistic": "average",
        "salary_year": 2023,
        "outlook_percent": 11,
        "outlook_start_year": 2021,
        "outlook_end_year": 2031,
        "source_name": f"Payscale (salary); {BLS} (outlook)",
        "source_url": "https://www.bls.gov/ooh/business-and-financial/management-analysts.htm",
        "source_edition": f"Payscale, October 2023; {OOH_2022}",
        # The BLS counts BI analysts among management analysts, the source of the +11% outlook.
        "soc_code": "13-1111",
    },
]

PROGRAM_FIELD = "Machine Learning"

# The BLS Employment Projections editions on record: the careers' figures are from 2021-31, and
# a newer edition has been published since, so their pages can say newer figures may differ.
EDITIONS = [
    {
        "start_year": 2021,
        "end_year": 2031,
        "name": "BLS Employment Projections 2021-31",
        "published_on": date(2022, 9, 8),
        "url": "https://www.bls.gov/news.release/archives/ecopro_09082022.htm",
    },
    {
        "start_year": 2023,
        "end_year": 2033,
        "name": "BLS Employment Projections 2023-33",
        "published_on": date(2024, 8, 29),
        "url": "https://www.bls.gov/news.release/archives/ecopro_08292024.htm",
    },
]
