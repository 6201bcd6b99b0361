from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "Careers"

    def ready(self):
        from core import pagecache

        from .models import Career

        pagecache.watch(Career)
        # A career page lists its related programs.
        pagecache.watch_m2m(Career.programs.through)
