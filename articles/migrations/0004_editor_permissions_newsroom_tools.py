"""Give Editors the permissions for the front page, corrections and article versions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    f"{action}_{model}"
    for model in ["frontpageslot", "correction"]
    for action in ["add", "change", "delete", "view"]
] + ["view_historicalarticle", "view_articleviewcount"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_newsroom_tools")]

    operations = [migrations.RunPython(grant, revoke)]
