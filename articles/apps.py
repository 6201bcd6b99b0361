from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Guides"

    def ready(self):
        from . import appendix, checks, groups, signals  # noqa: F401 (checks registers itself)

        # Every process (web workers, the publish_scheduled cron job, the shell) drops cached
        # pages when something a public page shows changes.
        signals.connect()
        appendix.connect()
        # After every migrate (and the flush of a transactional test) the groups match GROUPS.
        post_migrate.connect(
            lambda **kwargs: groups.sync_groups(self.apps),
            sender=self,
            weak=False,
            dispatch_uid="groups",
        )
