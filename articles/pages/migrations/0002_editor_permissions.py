"""Editors may change the legal and service pages; the pages exist from the start.

The placeholder texts say plainly that the page still needs its real text, so a footer link
never leads to a 404; seed_demo replaces them with fictional demo texts.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.pages.migrations import PLACEHOLDER_TEXT as PLACEHOLDER

EDITOR_CODENAMES = ["add_page", "change_page", "view_page"]
PAGES = [("impressum", "Impressum"), ("datenschutz", "Datenschutzerklärung"),
         ("kontakt", "Kontakt")]  # fmt: skip


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("pages")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="pages", codename__in=EDITOR_CODENAMES)
    )
    Page = apps.get_model("pages", "Page")
    for slug, title in PAGES:
        # The historical model has no save() override: write the HTML ourselves.
        Page.objects.get_or_create(
            slug=slug,
            defaults={"title": title, "body": PLACEHOLDER, "body_html": f"<p>{PLACEHOLDER}</p>"},
        )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="pages", codename__in=EDITOR_CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("articles", "0002_editor_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
