"""Moderators see the moderation assistant's model history in the admin, roll a model back,
and set the site's and the sections' thresholds (issue 26). Only superusers could before."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
CODENAMES = [
    "view_assistantversion",
    "change_assistantversion",
    "view_assistantevent",
    "view_assistantscore",
    "view_assistantsettings",
    "change_assistantsettings",
    "view_sectionassistant",
    "add_sectionassistant",
    "change_sectionassistant",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="comments", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="comments", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("comments", "0018_merge_body_length_and_live")]

    operations = [migrations.RunPython(grant, revoke)]
