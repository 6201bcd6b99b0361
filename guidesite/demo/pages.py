"""The editable site pages the seed links to: the editorial process and the disclosure."""

SITE_PAGES = [
    {
        "slug": "editorial-process",
        "title": "Our Editorial Process",
        "summary": (
            "Every guide is written by a writer, edited by an editor and approved by a subject "
            "expert before it is published, and every figure links to its source."
        ),
        "body": """\
Students make expensive decisions with the help of our guides, so we hold them to a clear \
process. Every page names the people responsible for it.

## Writers

Each guide has one writer who researches the topic and drafts the text. Writers work from \
primary sources: a program's own pages for tuition and admissions, and government data for \
salaries and job outlook.

## Editors

An editor other than the writer reads every draft for accuracy, clarity and fairness, checks \
each figure against its source and asks for changes where something is unclear.

## Expert reviewers

A subject expert reviews every guide and every substantive change to it. Nothing reaches a \
published page until a reviewer approves it, and a reviewer never approves a version that they \
wrote or edited themselves. The byline shows who reviewed the current version.

## Sources

Each guide ends with a list of the sources it relies on, with the date we last consulted them. \
We record where each program's tuition and admission figures come from and when we last checked \
them.

## Updates and corrections

The "Updated on" date changes whenever the content of a guide changes in substance. If you find \
a mistake, tell us: we correct it through the same write, edit and review steps, and the updated \
page shows the new date.

## Independence

Advertising pays for this site, but advertisers do not decide what our guides say. Read our \
[advertising disclosure](/advertising-disclosure/) to see how partner programs are labelled.
""",
    },
    {
        "slug": "advertising-disclosure",
        "title": "Advertising Disclosure",
        "summary": (
            "Guidesite is an advertising-supported site. Featured and partner programs, and every "
            "result in our school search, finder and match tools, come from schools that pay us. "
            "That payment does not influence our rankings, our guides or any other content our "
            "editors publish independently."
        ),
        "body": """\
Guidesite is free to read because it is supported by advertising. This page explains how that \
works and what it does not change.

## Who pays us

Some schools pay us to feature their programs. Programs from these schools are marked as \
partner programs wherever they appear. Results in our school search, program finder and match \
quiz are drawn from schools that compensate us.

## What payment does not buy

Payment has no effect on our rankings, our guides or any other editorially independent content. \
Our expert reviewers approve guides on accuracy alone. Tuition, admission requirements and \
career figures come from the sources listed on each page, never from advertisers.

## How to tell

Partner programs carry a visible label. If you are unsure whether something you see on this \
site is paid for, contact us and we will tell you.
""",
    },
]
