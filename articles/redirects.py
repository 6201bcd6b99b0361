"""A guide's old addresses: /articles/<old>/ answers 301 to the guide wherever it is now.

A redirect points at the guide, not at another address, so a guide moved twice never makes a
chain; an address that becomes a guide's own again stops redirecting, so no loop can form.
Whatever renames a guide (the admin, a script) calls `record_move` after saving it.
"""

from django.db import transaction

from .models import ArticleRedirect


def release(slug):
    """`slug` is a guide's address now: a redirect from it would hide that guide."""
    ArticleRedirect.objects.filter(old_slug=slug).delete()


def record_move(article, old_slug, user):
    """`article` was saved under a new slug: its old address redirects to it. Returns the
    redirect, or None when there was nothing to keep (same slug, or a guide never public)."""
    with transaction.atomic():
        release(article.slug)
        # A guide never public had an address nobody was given: no redirect to keep.
        if not old_slug or old_slug == article.slug or article.first_published_at is None:
            return None
        redirect, _ = ArticleRedirect.objects.update_or_create(
            old_slug=old_slug,
            defaults={"article": article, "created_by": user if user.is_authenticated else None},
        )
        return redirect
