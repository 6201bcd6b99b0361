"""URLs and form data shared by the workflow admin tests (their guide and drafts: conftest.py)."""

from django.urls import reverse


def change_url(version):
    return reverse("admin:articles_articleversion_change", args=[version.pk])


def review_url(version):
    return reverse("admin:articles_articleversion_review", args=[version.pk])


def preview_url(version):
    return reverse("admin:articles_articleversion_preview", args=[version.pk])


def act_url(version, action):
    return reverse("admin:articles_articleversion_act", args=[version.pk, action])


def form_data(version, **changes):
    """The POST body of the version change form, as the admin page would send it."""
    data = {
        "title": version.title,
        "dek": version.dek,
        "body": version.body,
        "author": version.author_id,
        "editor": version.editor_id or "",
        "change_note": version.change_note or "Updated",
        "loaded_edit_count": version.edit_count,
    }
    if version.is_minor:
        data["is_minor"] = "on"
    for prefix, rows, fields in (
        ("faqs", version.faqs.all(), ["question", "answer", "order"]),
        ("sources", version.sources.all(), ["title", "publisher", "url", "order"]),
    ):
        rows = list(rows)
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-version"] = version.pk
            for name in fields:
                data[f"{prefix}-{i}-{name}"] = getattr(row, name)
    # The programs widget and career cards: no rows sent, so existing links stay as they are.
    for prefix in ("program_links", "career_links"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def signed_in(client, user):
    client.force_login(user)
    return client
