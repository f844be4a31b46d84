"""Rewrite slugs that Django made without German umlauts ("mussen" -> "muessen"), with redirects.

Only slugs that are exactly what the old rule made from the name change: a slug an editor
chose by hand stays. Old article URLs that readers could see become SlugRedirects, old section,
topic and author URLs FormerSlugs; both answer 301. A dry run unless --apply.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from articles.models import Article, Author, Section, Tag
from articles.services import article_save
from articles.slugs import german_slugify, unique_slug

SOURCES = [(Article, "headline"), (Section, "name"), (Tag, "name"), (Author, "name")]


class Command(BaseCommand):
    help = "Give pages whose slug dropped umlauts a German slug; old URLs redirect (301)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Change them (default: list).")

    def handle(self, *args, apply=False, **options):
        changed = 0
        for model, source in SOURCES:
            max_length = model._meta.get_field("slug").max_length
            for obj in model._default_manager.iterator():
                text = getattr(obj, source)
                old_rule = slugify(text)[:max_length].strip("-")
                new = german_slugify(text, max_length=max_length)
                if obj.slug != old_rule or new == old_rule or not new:
                    continue
                target = unique_slug(model, text, exclude_pk=obj.pk)
                self.stdout.write(f"{model._meta.model_name}: {obj.slug} -> {target}")
                changed += 1
                if apply:
                    with transaction.atomic():
                        obj.slug = target
                        if model is Article:
                            article_save(article=obj, keep_published_at=True)
                        else:
                            obj.save()
        verb = "changed" if apply else "would change (run with --apply)"
        self.stdout.write(f"{changed} slugs {verb}.")
