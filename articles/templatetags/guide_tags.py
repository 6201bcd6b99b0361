"""Guide and bio pages: portraits, guide cards, byline cards, the table of contents and the
source list."""

from django import template

from core.dates import long_date
from core.fragments import html, joined
from core.images import rendition
from core.templatetags.core_tags import clip, day_time, initials

register = template.Library()


@register.simple_tag
def portrait(person, size=96):
    """A square portrait rendition of a Person, or None when there is no usable image."""
    return rendition(person.portrait, int(size), int(size), "fill") if person else None


GUIDE_CARD = """<article class="guide-card">
  <p class="eyebrow">{topic}</p>
  <h{level} class="guide-card__title"><a href="{url}">{title}</a></h{level}>
  <p class="guide-card__dek">{dek}</p>
  <p class="guide-card__meta">By {author} · Updated {updated}</p>
</article>
"""


@register.simple_tag
def guide_card(article, heading_level=3):
    """A guide in a list: topic, title (an <h2> or <h3>), dek, author and date. Built in Python
    (core/fragments.py): lists draw twenty. Reads what ArticleQuerySet.for_list() selects."""
    version = article.live_version
    return html(
        GUIDE_CARD,
        topic=article.topic.name,
        level=3 if heading_level == 3 else 2,
        url=article.get_absolute_url(),
        title=version.title,
        dek=version.dek,
        author=version.author.name,
        updated=day_time(article.content_updated_at),
    )


BYLINE_CARD = """<div class="byline-card">
  {role}
  <div class="byline-card__who">
    {portrait}
    <div>
      <p class="byline-card__name"><a href="{url}">{name}</a></p>
      {job_title}
    </div>
  </div>
  <p class="byline-card__bio">{bio}</p>
  <a class="byline-card__more" href="{url}">Read full bio<span class="visually-hidden"> of {name}</span></a>
</div>
"""  # noqa: E501


@register.simple_tag
def byline_card(person, role=""):
    """A byline card: role, portrait, name, short bio cut at a word, link to the bio page.
    Drawn at 56 px; the rendition is three times that for sharp phone screens. The guide page's
    compact bylines are byline()."""
    return html(
        BYLINE_CARD,
        role=html('<p class="byline-card__role">{role}</p>', role=role) if role else "",
        portrait=_picture(person, 56, "byline-card__portrait", f"Portrait of {person.name}"),
        url=person.get_absolute_url(),
        name=person.name,
        job_title=_job_title(person),
        bio=clip(person.short_bio, 200),
    )


BYLINE = """
<details class="byline">
  <summary class="byline__summary">
    {portrait}
    <span class="byline__who"><span class="byline__role">{role}</span> <span class="byline__name">{name}</span></span>
  </summary>
  <div class="byline__bio">
    {job_title}
    <p class="byline-card__bio">{bio}</p>
    <a class="byline-card__more" href="{url}">Read full bio<span class="visually-hidden"> of {name}</span></a>
  </div>
</details>
"""  # noqa: E501


@register.simple_tag
def byline(person, role):
    """The guide page's compact byline: one tap target per person, the bio opened on demand, so
    three bylines take one row on a phone. Drawn at 40 px; the rendition is three times that."""
    return html(
        BYLINE,
        portrait=_picture(person, 40, "byline__portrait", ""),
        role=role,
        name=person.name,
        job_title=_job_title(person),
        bio=clip(person.short_bio, 200),
        url=person.get_absolute_url(),
    )


def _picture(person, drawn, css_class, alt):
    """The person's portrait drawn at `drawn` px (a rendition three times that, for sharp phone
    screens), or their initials when there is no usable image."""
    image = portrait(person, drawn * 3)
    if image:
        return html(
            '<img class="{css_class}" src="{src}" width="{drawn}" height="{drawn}" alt="{alt}">',
            css_class=css_class,
            src=image.url,
            drawn=drawn,
            alt=alt,
        )
    return html(
        '<span class="{css_class} byline-card__initials" aria-hidden="true">{initials}</span>',
        css_class=css_class,
        initials=initials(person.name),
    )


def _job_title(person):
    if not person.job_title:
        return ""
    return html('<p class="byline-card__title">{title}</p>', title=person.job_title)


TOC_ITEM = '<li class="toc__item toc__item--{level}"><a href="#{id}">{name}</a></li>'


@register.simple_tag
def toc_items(outline):
    """The guide page's table of contents (views.outline) as list items."""
    return joined(
        html(TOC_ITEM, level=entry["level"], id=entry["id"], name=entry["name"])
        for entry in outline
    )


SOURCE_ITEM = '<li><a href="{url}" rel="noopener">{title}</a>{publisher}{accessed}.</li>'


@register.simple_tag
def source_items(sources):
    """A guide's sources (appendix.Cited) as list items: the title linking to the source, the
    publisher and the day it was accessed."""
    return joined(
        html(
            SOURCE_ITEM,
            url=source.url,
            title=source.title,
            publisher=html(", {name}", name=source.publisher) if source.publisher else "",
            accessed=html(". Accessed {day}", day=long_date(source.accessed_on))
            if source.accessed_on
            else "",
        )
        for source in sources
    )
