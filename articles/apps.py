from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Guides"

    def ready(self):
        from django.apps import apps

        from .groups import sync_groups

        # After every migrate (and the flush of a transactional test) the groups match GROUPS.
        post_migrate.connect(
            lambda **kwargs: sync_groups(apps), sender=self, weak=False, dispatch_uid="groups"
        )
