from django.apps import AppConfig
from django.core.checks import Tags, register

from . import checks, uploads


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site core"

    def ready(self):
        register(checks.site_url_is_set, Tags.security, deploy=True)
        register(checks.cache_is_shared, Tags.caches, deploy=True)
        uploads.connect()
