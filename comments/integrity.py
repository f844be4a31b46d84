"""Tree invariants of the comment forest, checked in SQL plus a partial_rebuild comparison.

Used by `manage.py check_comment_trees` and by the tests (the concurrency test included).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction

from comments.locking import tree_lock
from comments.models import Comment

TABLE = Comment._meta.db_table

# Each query returns (tree_id, detail) rows for trees that break one invariant.
INVARIANT_QUERIES = {
    "root count": f"""
        SELECT tree_id, 'roots: ' || CAST(SUM(CASE WHEN parent_id IS NULL THEN 1 ELSE 0 END)
               AS VARCHAR(20))
        FROM {TABLE} GROUP BY tree_id
        HAVING SUM(CASE WHEN parent_id IS NULL THEN 1 ELSE 0 END) <> 1
    """,
    "root position": f"""
        SELECT tree_id, 'root ' || CAST(id AS VARCHAR(20)) || ' at lft ' || CAST(lft AS VARCHAR(20))
        FROM {TABLE} WHERE parent_id IS NULL AND (lft <> 1 OR level <> 0)
    """,
    "lft/rght not exactly 1..2n": f"""
        SELECT tree_id, 'n=' || CAST(COUNT(*) / 2 AS VARCHAR(20))
        FROM (SELECT tree_id, lft AS v FROM {TABLE} UNION ALL SELECT tree_id, rght FROM {TABLE}) t
        GROUP BY tree_id
        HAVING COUNT(*) <> COUNT(DISTINCT v) OR MIN(v) <> 1 OR MAX(v) <> COUNT(*)
    """,
    "lft not below rght": f"""
        SELECT tree_id, 'node ' || CAST(id AS VARCHAR(20)) FROM {TABLE} WHERE lft >= rght
    """,
    "child outside its parent": f"""
        SELECT c.tree_id, 'node ' || CAST(c.id AS VARCHAR(20))
        FROM {TABLE} c JOIN {TABLE} p ON p.id = c.parent_id
        WHERE c.tree_id <> p.tree_id OR c.lft <= p.lft OR c.rght >= p.rght
           OR c.level <> p.level + 1 OR c.article_id <> p.article_id
    """,
}


@dataclass(frozen=True)
class Problem:
    tree_id: int
    check: str
    detail: str

    def __str__(self) -> str:
        return f"tree {self.tree_id}: {self.check} ({self.detail})"


class _Rollback(Exception):
    pass


def sql_problems(tree_ids=None) -> list[Problem]:
    problems = []
    with connection.cursor() as cursor:
        for check, sql in INVARIANT_QUERIES.items():
            cursor.execute(sql)
            for tree_id, detail in cursor.fetchall():
                if tree_ids is None or tree_id in tree_ids:
                    problems.append(Problem(tree_id, check, str(detail)))
    return problems


def _positions(tree_id: int) -> dict:
    return {
        pk: (lft, rght, level)
        for pk, lft, rght, level in Comment.objects.filter(tree_id=tree_id).values_list(
            "pk", "lft", "rght", "level"
        )
    }


def rebuild_problem(tree_id: int) -> Problem | None:
    """Rebuild the tree from parent links in a rolled-back transaction; report differences.

    This catches what the SQL invariants miss (overlapping siblings). The tree's lock is
    held meanwhile, so a reply arriving during the check cannot look like damage.
    """
    problem = None
    try:
        with transaction.atomic():
            tree_lock(tree_id)
            before = _positions(tree_id)
            try:
                Comment.objects.partial_rebuild(tree_id)
            except RuntimeError:
                problem = Problem(tree_id, "partial_rebuild", "more than one root")
                raise _Rollback from None
            after = _positions(tree_id)
            changed = sorted(pk for pk in before if before[pk] != after.get(pk))
            if changed:
                shown = ", ".join(str(pk) for pk in changed[:10])
                problem = Problem(
                    tree_id, "partial_rebuild changes", f"{len(changed)} nodes, e.g. {shown}"
                )
            raise _Rollback  # never keep what the rebuild wrote
    except _Rollback:
        pass
    return problem


def tree_ids_for(article_id: int | None = None) -> list[int]:
    queryset = Comment.objects.all()
    if article_id is not None:
        queryset = queryset.filter(article_id=article_id)
    return sorted(set(queryset.values_list("tree_id", flat=True)))


def find_problems(*, article_id: int | None = None, rebuild: bool = True) -> list[Problem]:
    """Return every broken invariant, in tree order; an empty list means the forest is sound."""
    tree_ids = tree_ids_for(article_id)
    wanted = set(tree_ids) if article_id is not None else None
    problems = sql_problems(wanted)
    if rebuild:
        for tree_id in tree_ids:
            problem = rebuild_problem(tree_id)
            if problem is not None:
                problems.append(problem)
    return sorted(problems, key=lambda p: (p.tree_id, p.check))


def broken_trees(problems) -> list[int]:
    return sorted({p.tree_id for p in problems})


def problems_by_tree(problems) -> dict[int, list[Problem]]:
    grouped = defaultdict(list)
    for problem in problems:
        grouped[problem.tree_id].append(problem)
    return dict(grouped)


def tree_index_exists() -> bool:
    """True if the database has an index whose leading columns are (tree_id, lft)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return any(
        info.get("index") and list(info.get("columns") or [])[:2] == ["tree_id", "lft"]
        for info in constraints.values()
    )
