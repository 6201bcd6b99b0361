"""The seed guide: its text in our own words, with the seed's facts and figures unchanged."""

from datetime import date

TOPIC = {
    "slug": "computer-science",
    "name": "Computer Science",
    "description": (
        "Graduate degrees in computing: machine learning, artificial intelligence, data science "
        "and related fields, with the careers they lead to."
    ),
}

SLUG = "can-you-earn-a-masters-in-machine-learning"
TITLE = "Can You Earn a Master's in Machine Learning?"
DEK = (
    "A master's in machine learning builds the skills a fast-growing industry is hiring for. "
    "See what these programs teach, what they cost and which careers they lead to."
)
CHANGE_NOTE = "First version of the guide."

BODY = """\
Machine learning (ML) is a branch of artificial intelligence (AI) in which programs learn from \
data, much as people learn from experience. If emerging technology, programming and mathematics \
interest you, a master's in ML is worth a look.

Part of the appeal is that the machines improve on their own, and the uses keep multiplying. \
Many employers are still working out where AI fits in their business, and they need people who \
can bring it into everyday work.

O'Reilly found that 48% of the professionals it surveyed already use AI, ML or data analysis to \
deal with data quality problems. This guide covers master's programs in machine learning, the \
careers they open and why the field matters.

## What To Expect From a Master's in Machine Learning

These programs teach you to understand and apply machine learning in business, government or \
research. Most students finish in 1-3 years and complete about 30 credit hours. If you are not \
sure a master's is right for you yet, an ML bootcamp or a bachelor's program is another way in.

AI and ML are broad fields with many branches, so there is room to specialize. Courses in \
computer vision, data analytics or natural language processing let you go deeper in one area.

Tuition for a master's ranges from $10,000-$80,000. Depending on the curriculum, you may finish \
with a thesis or a capstone project. Course lists differ from school to school, but most include \
machine learning, data mining and statistics.

## Popular Online Programs

Contact the schools below to ask about start dates, transfer credits, financial aid and anything \
else you need to know before you apply.

[[programs]]

## Machine Learning Degree and Specialization Options

Schools teach machine learning either on its own or together with AI. You will find master's \
degrees in ML, master's degrees in AI and ML, and master's degrees in AI with an ML \
concentration. Pick the one that matches the part of AI that interests you most.

Programs run in person, online or as a hybrid of the two, so choose the format that fits your \
life. Many online programs are asynchronous: you study when it suits you rather than at set \
class times.

## Typical Master's in Machine Learning Courses

Every program mixes required core courses with electives. These five come up again and again:

- **Machine learning:** nearly every program opens with an introduction to the field. You learn \
the fundamentals and put them into practice.
- **Statistical machine learning:** a step beyond the introduction that looks at ML through \
statistics and prediction, including statistical accuracy and memory use.
- **Natural language processing (NLP):** another branch of AI, concerned with how computers \
understand human language. Expect to study how ML has changed NLP, along with neural networks \
and related models.
- **Web mining:** how to collect data from the web and analyze it. Some courses have you build \
web apps or work with real data you gather yourself.
- **Statistical methods:** most ML programs require math or statistics. This course covers core \
statistical ideas, how data is collected and how variables relate to one another.

## Admission Requirements

Applying usually means completing an online application, paying the fees and sending official \
transcripts. Some programs ask for an undergraduate degree in computer science; others accept a \
bachelor's in any field. Either way, you should come in comfortable with programming and math.

Schools may require the GRE and a minimum GPA of 3.0. Admitted students typically score 320 or \
more on the GRE.

## Program Costs

Tuition differs widely, but most programs cost between $10,000-$80,000. What you pay depends on \
the school's reputation, the length of the program, class sizes and other factors.

Budget for living costs as well as tuition: housing, food, transportation and books add up. If \
you need help paying, you can apply for scholarships, grants and loans, often several at once.

## Why Get a Master's in Machine Learning Degree?

Arthur Samuel coined the term machine learning in 1959 and described it as the "field of study \
that gives computers the ability to learn without being explicitly programmed". The field has \
moved on since 1959; today it helps companies see patterns in consumer behavior and in their own \
operations.

If you like math, working with data and solving problems creatively, a machine learning career \
could suit you. A master's can set you apart from graduates of bachelor's programs or bootcamps \
and lead to roles such as data scientist, machine learning engineer or robotics engineer.

Employers are as varied as the jobs. Healthcare, banking and technology companies all use \
machine learning to understand their data and lower their costs.

A master's in ML can also lead to work with strong job security. Goldman Sachs estimates that AI \
could affect 300 million jobs, and the World Economic Forum forecasts that AI will help create as \
many as 97 million new jobs by 2025.

- **Earnings potential:** some programs report graduates starting on more than $100,000 a year, \
with signing bonuses of $30,000, and say 99% of graduates have a job three months after they \
finish. \
Employers know these skills are scarce and pay for them.
- **Learning and growth opportunities:** AI and ML change quickly and keep producing new \
specialties, which suits people who enjoy learning and picking up new technology.
- **Flexibility:** ML is used across many industries, and some of the work can be done remotely. \
That gives specialists a choice of industry, career path, location and hours.

## Jobs for Master's in Machine Learning Graduates

With a master's in machine learning you can work in data, AI or software development, and your \
options widen as you gain experience. Four roles graduates often pursue are research scientist, \
data scientist, machine learning engineer and business intelligence analyst; each profile gives \
the typical education, pay and job outlook.

[[careers]]

## How to Choose a Machine Learning Program

Weigh each program's strengths and weaknesses against your goals. These five factors matter most \
when you compare degrees:

- **Accreditation:** a whole school or a single program can be accredited, which means it meets \
an agreed standard of education. Make sure yours is.
- **Cost/financial aid:** tuition and aid differ from program to program. Compare what you would \
pay after aid, and the terms of any loans.
- **Extracurriculars:** clubs, sports, student associations and events with local employers are \
a chance to build friendships and a network.
- **Earning potential:** some programs publish what their graduates earn on average; use those \
figures to compare.
- **Alumni network:** graduates can tap alumni for contacts in particular industries or \
companies. Larger, better-known schools often have broader and more influential networks.
"""

FAQS = [
    (
        "Can you do a master's in machine learning?",
        "Yes, if you hold a bachelor's degree and bring the right background and skills. If you "
        "are missing some of them, study programming, math and statistics before you apply.",
    ),
    (
        "What's the difference between a master's in ML and a master's in AI?",
        "A master's in AI surveys artificial intelligence as a whole and gives a broad grounding. "
        "A master's in ML concentrates on machine learning, one branch of AI, so you graduate "
        "with a specialty.",
    ),
    (
        "Do you need a bachelor's in machine learning to get a master's in ML?",
        "No. You do not need a bachelor's in machine learning or computer science. Applicants "
        "from other fields should be ready to show that they can program and handle the math.",
    ),
    (
        "Should you earn your ML master's degree online?",
        "You can earn an ML master's online or on campus. If you value flexibility, online study "
        "may suit you, and ML lends itself to it: you can learn a theory and try it out on your "
        "own computer at the same time.",
    ),
    (
        "Is a master's in ML worth it?",
        "That depends on you. A master's costs a lot of time and money, but it prepares you for "
        "careers that are in demand and pay well.",
    ),
]

ACCESSED = date(2023, 10, 16)

SOURCES = [
    {
        "title": "The state of data quality in 2020",
        "publisher": "O'Reilly Media",
        "url": "https://www.oreilly.com/radar/the-state-of-data-quality-in-2020/",
    },
    {
        "title": "Generative AI could raise global GDP by 7%",
        "publisher": "Goldman Sachs",
        "url": "https://www.goldmansachs.com/intelligence/pages/"
        "generative-ai-could-raise-global-gdp-by-7-percent.html",
    },
    {
        "title": "The Future of Jobs Report 2020",
        "publisher": "World Economic Forum",
        "url": "https://www.weforum.org/reports/the-future-of-jobs-report-2020/",
    },
    {
        "title": "Occupational Outlook Handbook: Computer and Information Research Scientists",
        "publisher": "U.S. Bureau of Labor Statistics",
        "url": "https://www.bls.gov/ooh/computer-and-information-technology/"
        "computer-and-information-research-scientists.htm",
    },
    {
        "title": "Occupational Outlook Handbook: Data Scientists",
        "publisher": "U.S. Bureau of Labor Statistics",
        "url": "https://www.bls.gov/ooh/math/data-scientists.htm",
    },
    {
        "title": "Occupational Outlook Handbook: Management Analysts",
        "publisher": "U.S. Bureau of Labor Statistics",
        "url": "https://www.bls.gov/ooh/business-and-financial/management-analysts.htm",
    },
    {
        "title": "Average Machine Learning Engineer Salary",
        "publisher": "Payscale",
        "url": "https://www.payscale.com/research/US/Job=Machine_Learning_Engineer/Salary",
    },
    {
        "title": "Average Business Intelligence (BI) Analyst Salary",
        "publisher": "Payscale",
        "url": "https://www.payscale.com/research/US/Job=Business_Intelligence_(BI)_Analyst/Salary",
    },
]
