"""Give the Moderators group the permissions moderation needs (the group is created if absent)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
CODENAMES = [
    "moderate_comments",
    "view_comment",
    "change_comment",
    "view_report",
    "change_report",
    "view_moderationaction",
    "view_sanction",
    "add_sanction",
    "change_sanction",
    "view_usernote",
    "add_usernote",
    "view_wordrule",
    "add_wordrule",
    "change_wordrule",
    "delete_wordrule",
    "view_articlediscussionsettings",
    "add_articlediscussionsettings",
    "change_articlediscussionsettings",
    "view_usermoderation",
    "add_usermoderation",
    "change_usermoderation",
    "view_discussionrules",
    "change_discussionrules",
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran (post_migrate); make sure
    # they exist now so the group can be given them on a fresh database.
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    perms = Permission.objects.filter(content_type__app_label="comments", codename__in=CODENAMES)
    group.permissions.add(*perms)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="comments", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0003_moderation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
