"""The terms of use (Nutzungsbedingungen): a page like the Impressum, with a placeholder text."""

from django.db import migrations, models

from articles.pages.migrations import PLACEHOLDER_TEXT as PLACEHOLDER


def forwards(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    Page.objects.get_or_create(
        slug="nutzungsbedingungen",
        defaults={
            "title": "Nutzungsbedingungen",
            "body": PLACEHOLDER,
            "body_html": f"<p>{PLACEHOLDER}</p>",
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_editor_permissions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="page",
            name="slug",
            field=models.CharField(
                choices=[
                    ("impressum", "Imprint"),
                    ("datenschutz", "Privacy policy"),
                    ("kontakt", "Contact"),
                    ("nutzungsbedingungen", "Terms of use"),
                ],
                max_length=40,
                unique=True,
                verbose_name="page",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
