"""Single saves keep the search index in step; connected once, in GuidesiteConfig.ready().

Only changes the public can see cost anything: a draft, its FAQs or a transition leave the
index alone, so editors can save all day. Programs and schools come through
`programs.finder_rows.refreshed`, sent by the finder's own refresh after a save of a program,
school or admission rule, and by every bulk path that calls it (the admin's publish actions,
generate_programs, refresh_finder).
"""

from django.db.models.signals import post_delete, post_save

from articles.models import FAQ, Article, ArticleVersion, Person, Topic
from careers.models import Career
from programs import finder_rows
from programs.models import Course, Program, School

from ..models import SearchEntry
from . import index

Kind = SearchEntry.Kind


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:  # loaddata: the rows it writes are refreshed by rebuild_search_index
        index.refresh(instance)


def _article_saved(sender, instance, raw=False, **kwargs):
    # A guide that was never public has no entry, and nobody on it has a public bio.
    if not raw and (instance.live_version_id or instance.first_published_at):
        index.refresh(instance)


def _version_saved(sender, instance, raw=False, **kwargs):
    # Live text is not edited in place by the workflow, but the demo loader and the shell may.
    if instance.is_live and not raw:
        index.refresh(instance)


def _faq_changed(sender, instance, raw=False, **kwargs):
    if not raw and Article.objects.filter(live_version=instance.version_id).exists():
        index.refresh(instance)


def _deleted(kind):
    def receiver(sender, instance, **kwargs):
        index.remove(kind, [instance.pk])

    return receiver


def _course_changed(sender, instance, raw=False, **kwargs):
    if not raw and Program.objects.filter(pk=instance.program_id, is_published=True).exists():
        index.refresh(instance)


def _programs_refreshed(sender, program_ids, **kwargs):
    index.refresh_kind(Kind.PROGRAMS, program_ids)


def connect():
    receivers = [
        (post_save, Article, _article_saved),
        (post_delete, Article, _deleted(Kind.GUIDES)),
        (post_save, ArticleVersion, _version_saved),
        (post_save, FAQ, _faq_changed),
        (post_delete, FAQ, _faq_changed),
        (post_save, Topic, _saved),
        (post_save, Person, _saved),
        (post_delete, Person, _deleted(Kind.PEOPLE)),
        (post_save, Career, _saved),
        (post_delete, Career, _deleted(Kind.CAREERS)),
        (post_save, Course, _course_changed),
        (post_delete, Course, _course_changed),
        (post_delete, Program, _deleted(Kind.PROGRAMS)),
        (post_delete, School, _deleted(Kind.SCHOOLS)),
    ]
    for signal, model, receiver in receivers:
        uid = f"search-{'save' if signal is post_save else 'delete'}-{model._meta.label_lower}"
        signal.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
    finder_rows.refreshed.connect(
        _programs_refreshed, sender=Program, weak=False, dispatch_uid="search-programs"
    )
