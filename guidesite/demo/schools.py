"""Fictional demo schools and the courses their programs teach.

Every name ends in "(demo)" and every website is on the reserved .example domain, so nothing here
can be mistaken for a real school. Acceptance rates include one that is not published.
"""

from decimal import Decimal

FICTIONAL = (
    "{name} is a fictional school in the demo content of this site. Its programs, tuition and "
    "admission rules are invented to show how the site works; they describe no real institution."
)

SCHOOLS = [
    # slug, name, city, state, accreditor, acceptance rate (None: not published), partner
    ("northfield-tech", "Northfield Institute of Technology (demo)", "Lakemont", "MN",
     "Higher Learning Commission", Decimal("38.50"), True),
    ("bramblewood", "Bramblewood University (demo)", "Easton Hollow", "PA",
     "Middle States Commission on Higher Education", Decimal("61.00"), True),
    ("coldwater-state", "Coldwater State University (demo)", "Coldwater Springs", "TX",
     "Southern Association of Colleges and Schools Commission on Colleges", None, False),
    ("harrowgate", "Harrowgate College of Engineering (demo)", "Port Merrin", "CA",
     "WASC Senior College and University Commission", Decimal("12.40"), False),
    ("quillmoor", "Quillmoor University (demo)", "Bellhaven", "OR",
     "Northwest Commission on Colleges and Universities", Decimal("74.20"), False),
    ("silverbirch-poly", "Silverbirch Polytechnic (demo)", "Alder Crossing", "NY",
     "Middle States Commission on Higher Education", Decimal("55.00"), True),
    ("ashgrove-tech", "Ashgrove Technical University (demo)", "Fennick", "GA",
     "Southern Association of Colleges and Schools Commission on Colleges", Decimal("22.50"),
     False),
    ("fernhill", "Fernhill University (demo)", "Marlow Bay", "MA",
     "New England Commission of Higher Education", Decimal("31.00"), False),
    ("larkspur", "Larkspur Institute (demo)", "Dunmere", "AZ", "", Decimal("68.00"), False),
    ("marrowvale", "Marrowvale University (demo)", "Kestrel Point", "IL",
     "Higher Learning Commission", Decimal("17.80"), False),
    ("oakhurst", "Oakhurst College (demo)", "Wrenford", "NC",
     "Southern Association of Colleges and Schools Commission on Colleges", Decimal("49.30"),
     False),
    ("thornbury", "Thornbury University (demo)", "Sallow Creek", "CO",
     "Higher Learning Commission", Decimal("83.00"), False),
]  # fmt: skip

# The seed's five typical courses, described in our words; programs pick from them.
SEED_COURSES = {
    "ml": (
        "Machine Learning",
        "An introduction to the field: the core ideas of machine learning and hands-on practice "
        "applying them.",
    ),
    "sml": (
        "Statistical Machine Learning",
        "Builds on the introduction with the statistics behind prediction, including "
        "statistical accuracy and memory use.",
    ),
    "nlp": (
        "Natural Language Processing",
        "How computers understand human language: the effect of machine learning on NLP, "
        "neural networks and related models.",
    ),
    "web": (
        "Web Mining",
        "Collecting and analyzing data from the web, with projects that build web apps or "
        "gather real-world data.",
    ),
    "stats": (
        "Statistical Methods",
        "Core statistical ideas, how data is collected, and how to measure the relationships "
        "between variables.",
    ),
}
OTHER_COURSES = {
    "dl": ("Deep Learning", "Neural network architectures and how to train them at scale."),
    "cv": ("Computer Vision", "Teaching machines to interpret images and video."),
    "dm": ("Data Mining", "Finding structure in large data sets: clustering, rules, anomalies."),
    "rl": ("Reinforcement Learning", "Agents that learn by acting and receiving feedback."),
    "ethics": ("Responsible AI", "Fairness, privacy and accountability in deployed systems."),
    "cap": ("Capstone Project", "A team project on a real problem, presented to a panel."),
}
