from django.core.management.base import BaseCommand

from articles.pages.demo import PAGES
from articles.pages.migrations import PLACEHOLDER_TEXT
from articles.pages.models import Page


class Command(BaseCommand):
    help = "Fill the legal and service pages with fictional demo texts (only still-empty ones)."

    def handle(self, *args, **options):
        filled = 0
        for slug, (title, body) in PAGES.items():
            page = Page.objects.filter(slug=slug).first() or Page(slug=slug)
            if page.pk is not None and page.body.strip() != PLACEHOLDER_TEXT:
                continue  # an editor wrote it, or the demo did: leave it alone
            page.title, page.body = title, body
            page.save()
            filled += 1
        self.stdout.write(f"Legal pages: {filled} filled with demo text.")
