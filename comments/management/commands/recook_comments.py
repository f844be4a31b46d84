from django.core.management.base import BaseCommand

from comments.models import Comment
from comments.services import comment_recook


class Command(BaseCommand):
    help = "Render every comment's stored text again (after the rendering rules changed)."

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, help="Only the comments of this article id.")

    def handle(self, *args, **options):
        comments = Comment.objects.order_by("pk")
        if options["article"]:
            comments = comments.filter(article_id=options["article"])
        changed = total = 0
        for comment in comments.iterator(chunk_size=500):
            total += 1
            changed += comment_recook(comment=comment)
        self.stdout.write(f"{total} comment(s) rendered, {changed} changed.")
