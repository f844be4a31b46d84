from django.core.management.base import BaseCommand, CommandError

from comments.integrity import broken_trees, find_problems, tree_ids_for, tree_index_exists


class Command(BaseCommand):
    help = (
        "Check the comment trees: one root per tree, lft/rght exactly 1..2n, children inside "
        "their parent one level deeper, and partial_rebuild changing nothing. Exits non-zero "
        "naming the broken trees."
    )

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, help="Only the trees of this article id.")
        parser.add_argument(
            "--no-rebuild",
            action="store_true",
            help="Skip the partial_rebuild comparison (SQL invariants only; faster).",
        )

    def handle(self, *args, **options):
        failures = []
        if not tree_index_exists():
            failures.append("the (tree_id, lft) index is missing: run migrate")
        problems = find_problems(article_id=options["article"], rebuild=not options["no_rebuild"])
        for problem in problems:
            self.stderr.write(str(problem))
        trees = broken_trees(problems)
        if trees:
            failures.append(
                f"{len(trees)} broken tree(s): " + ", ".join(str(tree_id) for tree_id in trees)
            )
        if failures:
            raise CommandError("; ".join(failures))
        checked = len(tree_ids_for(options["article"]))
        self.stdout.write(self.style.SUCCESS(f"{checked} comment tree(s) checked, all sound."))
