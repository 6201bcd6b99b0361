"""System checks for how notification emails leave the site.

Registered by ArticlesConfig.ready().
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.tasks import task_backends
from django.tasks.backends.immediate import ImmediateBackend


@register(Tags.compatibility, deploy=True)
def emails_are_queued(app_configs, **kwargs):
    """With DEBUG off, notification emails need a task backend with a worker, not the request."""
    if settings.DEBUG or not isinstance(task_backends["default"], ImmediateBackend):
        return []
    return [
        Warning(
            "Notification emails are sent inside the editor's request and the publish_scheduled "
            "job (TASKS_BACKEND=immediate): a slow or unreachable mail server holds up every "
            "workflow step, and an email it refused is never tried again.",
            hint="Leave TASKS_BACKEND unset (or set it to database) and run `manage.py "
            "db_worker` as a service (deploy/guidesite-worker.service).",
            id="articles.W001",
        )
    ]
