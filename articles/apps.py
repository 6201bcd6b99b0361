from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Guides"

    def ready(self):
        from django.apps import apps

        from guidesite import checks, pagecache  # noqa: F401 (checks register themselves)

        from .groups import sync_groups

        # Every process (web workers, the publish_scheduled cron job, the shell) drops cached
        # pages when something they show is saved.
        pagecache.connect()

        # After every migrate (and the flush of a transactional test) the groups match GROUPS.
        post_migrate.connect(
            lambda **kwargs: sync_groups(apps), sender=self, weak=False, dispatch_uid="groups"
        )
