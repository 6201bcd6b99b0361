from django.apps import AppConfig


class GuidesiteConfig(AppConfig):
    name = "guidesite"

    def ready(self):
        from axes.signals import user_locked_out

        # accounts_admin replaces Django's User admin, so it is imported after
        # admin.autodiscover(), which the admin app (first in INSTALLED_APPS) runs in its ready().
        from . import accounts_admin, signin  # noqa: F401

        # Every lockout is one log line (axes' own lines mask the username and address).
        user_locked_out.connect(signin.log_lockout, dispatch_uid="guidesite.signin.log_lockout")

        # The search index follows every public change (docs/architecture.md, derived data),
        # and fills itself after the migrate that creates it on a database with content.
        from django.db.models.signals import post_migrate

        from .search import index, signals

        signals.connect()
        post_migrate.connect(
            index.fill_if_empty, sender=self, weak=False, dispatch_uid="search-fill-if-empty"
        )
