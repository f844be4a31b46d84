"""Create the Editors and Moderators groups with the articles permissions they need.

Editors also need `is_staff` on their account to reach the admin. The comments app adds the
moderation permissions to Moderators in its own migration (both use get_or_create).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = ["article", "articleauthor", "author", "section", "tag", "image", "supportbox",
                 "slugredirect"]  # fmt: skip
EDITOR_EXTRA = ["preview_article"]
MODERATOR_CODENAMES = ["view_article"]


def editor_codenames():
    actions = ["add", "change", "delete", "view"]
    return [f"{a}_{m}" for m in EDITOR_MODELS for a in actions] + EDITOR_EXTRA


def grant(apps, schema_editor):
    # Permissions normally appear after all migrations ran (post_migrate); create them now
    # so that a fresh database gets complete groups.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles", codename__in=editor_codenames()
        )
    )
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles", codename__in=MODERATOR_CODENAMES
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Editors", editor_codenames()), ("Moderators", MODERATOR_CODENAMES)):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="articles", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
