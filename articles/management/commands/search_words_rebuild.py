from django.core.management.base import BaseCommand

from articles.search import search_words_rebuild


class Command(BaseCommand):
    help = "Rebuild the search vocabulary (Did you mean, compounds) from the published articles."

    def handle(self, *args, **options):
        self.stdout.write(f"{search_words_rebuild():,} words in the search vocabulary.")
