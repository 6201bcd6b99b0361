"""Create the Writers, Editors and Reviewers groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = {
    "articles": ["person", "topic", "article", "articleversion", "faq", "source", "sitepage"],
    "programs": ["school", "program", "course", "admissionrule"],
    "careers": ["career"],
}
GUIDE_MODELS = ["article", "articleversion", "faq", "source"]

GROUPS = {
    # Writers draft and submit their own guides; they see everything they may link to.
    "Writers": [("view", app, m) for app, models in CONTENT.items() for m in models]
    + [(a, "articles", m) for m in GUIDE_MODELS for a in ("add", "change", "delete")],
    # Editors manage all content but, like everyone, publish guides only through review.
    "Editors": [
        (a, app, m)
        for app, models in CONTENT.items()
        for m in models
        for a in ("view", "add", "change", "delete")
    ]
    + [("view", "articles", "transition")],
    # Reviewers read everything and approve or send back versions.
    "Reviewers": [("view", app, m) for app, models in CONTENT.items() for m in models]
    + [("view", "articles", "transition"), ("approve", "articles", "articleversion")],
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for action, app, model in perms:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("programs", "0001_initial"),
        ("careers", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
