from django.core.management.base import BaseCommand

from comments.services import comment_count_recompute


class Command(BaseCommand):
    help = "Recount Article.comment_count (visible comments) and fix articles where it drifted."

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, help="Only this article id.")

    def handle(self, *args, **options):
        fixed = comment_count_recompute(article_id=options["article"])
        self.stdout.write(f"{fixed} article(s) corrected.")
