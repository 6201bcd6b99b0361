from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "Careers"

    def ready(self):
        from core import pagecache

        from .models import Career

        def career_tags(career):
            # Guides read only published careers: the guides that link this one show it, or
            # start or stop showing it (read through the reverse relation; articles is above).
            guides = career.article_versions.live().values_list("article_id", flat=True)
            return [f"career-{career.pk}", "list-careers", *pagecache.names("guide", *guides)]

        def related_programs_tags(instance, reverse, pk_set):
            # A career page lists its hand-picked programs.
            if not reverse:
                return [f"career-{instance.pk}"]
            if pk_set is None:  # a program's careers cleared: which ones is no longer known
                return [pagecache.EVERYTHING]
            return pagecache.names("career", *pk_set)

        pagecache.watch(Career, career_tags)
        pagecache.watch_m2m(Career.programs.through, related_programs_tags)
