"""The three people on the seed guide's byline. Facts from the seed; the wording is ours."""

# Demo staff accounts get unusable passwords: the demo never ships a known password.
PEOPLE = [
    {
        "slug": "aaron-perkowitz",
        "name": "Aaron Perkowitz",
        "job_title": "Contributing Writer",
        "colour": "#2e6b4f",
        "username": "aaron.perkowitz",
        "group": "Writers",
        "short_bio": (
            "Aaron Perkowitz began as a fund manager at HNA Group, where he wrote research "
            "reports on the technology and finance sectors. Research has stayed at the centre "
            "of every role he has held since, and it shapes how he writes about graduate study."
        ),
        "full_bio": (
            "Aaron Perkowitz writes guides to graduate programs in technology fields.\n\n"
            "He started out as a fund manager at HNA Group. Much of that job was research: he "
            "prepared reports that covered companies in the technology and finance sectors, "
            "which meant reading closely, checking figures and explaining them plainly.\n\n"
            "Since then he has kept to research-focused work. For our readers that means guides "
            "built on published numbers, with every figure traced to its source."
        ),
    },
    {
        "slug": "mitch-jacobson",
        "name": "Mitch Jacobson",
        "job_title": "Editor",
        "colour": "#8b3a62",
        "username": "mitch.jacobson",
        "group": "Editors",
        "short_bio": (
            "Mitch Jacobson came to editing through content strategy and writing, then sharpened "
            "her craft at an investment firm devoted to community development, economic "
            "opportunity and inclusion. She is a firm believer in lifelong learning."
        ),
        "full_bio": (
            "Mitch Jacobson edits our guides to graduate education.\n\n"
            "Her career began in content strategy, writing and editing. She went on to develop "
            "those skills at an investment firm whose work centres on community development, "
            "economic opportunity and inclusion, where clear and accurate writing mattered to "
            "the people it served.\n\n"
            "She believes that continuing education and professional growth open doors, and she "
            "edits every guide with the reader who is weighing that next step in mind."
        ),
    },
    {
        "slug": "victoria-ivy-southall",
        "name": "Victoria Ivy Southall",
        "job_title": "Cybersecurity Manager",
        "colour": "#1f5f8b",
        "username": "victoria.southall",
        "group": "Reviewers",
        "short_bio": (
            "Victoria Ivy Southall is a U.S. Navy veteran, cybersecurity manager and IT "
            "professional. Her more than 13 years in the field began at age 17, when she joined "
            "the Navy as an IT and cyber specialist. She holds a Bachelor of Science degree."
        ),
        "full_bio": (
            "Victoria Ivy Southall reviews our technology guides as a subject expert.\n\n"
            "She is a veteran of the United States Navy, which she joined at 17 to work in "
            "information technology and cybersecurity. More than 13 years later she works as a "
            "cybersecurity manager and IT professional.\n\n"
            "She holds a Bachelor of Science degree. As a reviewer she checks that each guide is "
            "accurate and current before any change reaches readers."
        ),
    },
]
