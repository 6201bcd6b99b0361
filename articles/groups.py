"""The editorial groups and their permissions.

Created by a data migration and brought back in line after every `migrate` (post_migrate), so a
model added later gets its permissions in the groups without a hand-written migration.
"""

from django.contrib.auth.management import create_permissions

CONTENT = {
    "articles": [
        "person",
        "topic",
        "article",
        "articleversion",
        "faq",
        "source",
        "articleprogram",
        "articlecareer",
        "sitepage",
        "articleredirect",
        "previewlink",
        "reviewcomment",
    ],
    "programs": ["school", "program", "course", "admissionrule", "field"],
    "careers": ["career", "projectionedition"],
}
GUIDE_MODELS = ["article", "articleversion", "faq", "source", "articleprogram", "articlecareer"]

GROUPS = {
    # Writers draft and submit their own guides; they see everything they may link to.
    "Writers": [("view", app, m) for app, models in CONTENT.items() for m in models]
    + [(a, "articles", m) for m in GUIDE_MODELS for a in ("add", "change", "delete")],
    # Editors manage all content and work on anyone's guides but, like everyone, publish
    # guides only through review.
    "Editors": [
        (a, app, m)
        for app, models in CONTENT.items()
        for m in models
        for a in ("view", "add", "change", "delete")
    ]
    + [("view", "articles", "transition"), ("edit_any", "articles", "article")],
    # Reviewers read everything and approve or send back versions.
    "Reviewers": [("view", app, m) for app, models in CONTENT.items() for m in models]
    + [("view", "articles", "transition"), ("approve", "articles", "articleversion")]
    # Reviewers share preview links with outside experts and comment while reviewing.
    + [(a, "articles", m) for m in ("previewlink", "reviewcomment") for a in ("add", "change")],
}


def sync_groups(apps, **kwargs):
    """Create the groups if missing and give each exactly the permissions listed above."""
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = {f"{action}_{model}" for action, _app, model in perms}
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=CONTENT, codename__in=wanted)
        )
