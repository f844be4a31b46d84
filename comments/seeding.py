"""Demo and benchmark discussions: realistic German threads, inserted as whole valid trees.

A thread is planned in Python, its lft/rght/level computed, and its rows saved one by one
under a fresh tree id from the sequence. mptt sees preset positions and shifts nothing, so
a 5,000-comment thread costs 5,000 inserts instead of millions of renumbered rows. Each
thread is one transaction that also keeps Article.comment_count right and bumps the thread
version (so every worker's cache sees it). No notifications are sent for seeded comments.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from comments.cache import article_thread_bump
from comments.models import Comment
from comments.rendering import cook

SEED_MARKER = "seed:"  # stored in ip_hash: seeded rows never carry a real address hash

DEMO_READERS = [
    ("mkeller", "Martina Keller"),
    ("jonas_w", "Jonas Weber"),
    ("ayse_k", "Ayşe Kaya"),
    ("thomas1968", "Thomas Brandt"),
    ("lena_b", "Lena Böhm"),
    ("peter_s", "Peter Schröder"),
    ("hanna_m", "Hanna Müller"),
    ("oezlem_y", "Özlem Yılmaz"),
    ("frieder", "Frieder Lange"),
    ("sabine_h", "Sabine Hoffmann"),
]

OPENERS = [
    "Ein wichtiger Artikel, danke dafür.",
    "Ich sehe das etwas anders als die Autorin.",
    "Gut recherchiert, aber ein Punkt fehlt mir.",
    "Endlich spricht das mal jemand deutlich aus.",
    "Das Thema wird seit Jahren verschleppt.",
    "Mich würde interessieren, woher die Zahlen im dritten Absatz stammen.",
    "Als jemand, der in der Branche arbeitet, kann ich das nur bestätigen.",
    "Ich finde die Überschrift ein wenig zugespitzt.",
    "Sehr differenzierte Darstellung, das liest man selten.",
    "Bei uns im Landkreis sieht die Lage ganz anders aus.",
]
MIDDLES = [
    "Die Kosten tragen am Ende wieder die Kommunen.",
    "Entscheidend ist doch, was davon in fünf Jahren noch übrig ist.",
    "Man darf nicht vergessen, dass die Ausgangslage 2019 eine völlig andere war.",
    "Ohne eine ehrliche Finanzierung bleibt das ein Versprechen auf dem Papier.",
    "Viele Betroffene wurden schlicht nicht gefragt.",
    "Die Opposition hat dazu übrigens einen eigenen Vorschlag gemacht.",
    "Im europäischen Vergleich stehen wir gar nicht so schlecht da.",
    "Das Problem ist weniger das Gesetz als seine Umsetzung vor Ort.",
    "Ich habe das Interview im Radio gehört, dort klang es noch vorsichtiger.",
    "Auf dem Land fährt der Bus zweimal am Tag, da hilft das wenig.",
    "Die Fachleute sind sich in dieser Frage keineswegs einig.",
    "Wer soll das bei dem Personalmangel eigentlich kontrollieren?",
]
CLOSERS = [
    "Bin gespannt, wie es weitergeht.",
    "Trotzdem ein Schritt in die richtige Richtung.",
    "Mal sehen, was davon nach der Wahl bleibt.",
    "Ich bleibe skeptisch.",
    "Danke für die sachliche Diskussion hier.",
    "Mehr davon, bitte.",
    "",
]
REPLIES = [
    "Da stimme ich Ihnen zu.",
    "Das sehe ich anders.",
    "Haben Sie dafür eine Quelle?",
    "Genau das ist der Punkt.",
    "Nicht ganz: Die Regelung gilt erst ab dem kommenden Jahr.",
    "Ein berechtigter Einwand.",
    "So einfach ist es leider nicht.",
    "Das steht doch im Artikel, zweiter Abschnitt.",
    "Danke für die Ergänzung, das wusste ich nicht.",
    "Das ist mir zu pauschal.",
    "Aus eigener Erfahrung kann ich das bestätigen.",
    "Interessanter Gedanke, aber wer bezahlt das?",
]
LINKS = [
    "Die Zahlen stehen hier: https://www.destatis.de/DE/Themen/_inhalt.html",
    "Siehe auch https://de.wikipedia.org/wiki/Föderalismus_in_Deutschland.",
]


@dataclass
class PlannedComment:
    author: object
    body: str
    parent: int | None  # index into the thread's list; None for the root
    created_at: object = None
    children: list = field(default_factory=list)


def demo_readers() -> list:
    """Return the demo reader accounts, creating any that are missing (no usable password)."""
    User = get_user_model()
    existing = {
        u.username: u for u in User.objects.filter(username__in=[h for h, _ in DEMO_READERS])
    }
    readers = []
    for handle, name in DEMO_READERS:
        user = existing.get(handle)
        if user is None:
            user = User(
                username=handle,
                display_name=name,
                email=f"{handle}@demo.invalid",
                email_verified=True,
            )
            user.set_unusable_password()
            user.save()
        readers.append(user)
    return readers


def _top_level_text(rng: random.Random) -> str:
    sentences = [rng.choice(OPENERS), *rng.sample(MIDDLES, rng.randint(1, 3))]
    closer = rng.choice(CLOSERS)
    if closer:
        sentences.append(closer)
    text = " ".join(sentences)
    if rng.random() < 0.25:
        text += "\n\n" + " ".join(rng.sample(MIDDLES, 2))
    if rng.random() < 0.05:
        text += "\n" + rng.choice(LINKS)
    return text


def _reply_text(rng: random.Random, mention=None) -> str:
    text = rng.choice(REPLIES)
    if rng.random() < 0.6:
        text += " " + " ".join(rng.sample(MIDDLES, rng.randint(1, 2)))
    if mention is not None:
        text = (
            f"@{mention.username} {text}"
            if rng.random() < 0.5
            else f"{text} Was meint @{mention.username} dazu?"
        )
    return text


def plan_thread(rng: random.Random, readers: list, replies: int, *, max_level: int = 9) -> list:
    """Plan one thread: a root and `replies` replies at varied depths, in insertion order."""
    root = PlannedComment(author=rng.choice(readers), body=_top_level_text(rng), parent=None)
    nodes = [root]
    levels = [0]
    for _ in range(replies):
        roll = rng.random()
        if roll < 0.4:
            parent = 0
        elif roll < 0.75:
            parent = max(0, len(nodes) - rng.randint(1, 3))  # the lively end of the thread
        else:
            parent = rng.randrange(len(nodes))
        while levels[parent] >= max_level:
            parent = nodes[parent].parent
        parent_author = nodes[parent].author
        author = rng.choice([r for r in readers if r.pk != parent_author.pk] or readers)
        mention = None
        if rng.random() < 0.12:
            mention = rng.choice([r for r in readers if r.pk != author.pk] or readers)
        nodes.append(PlannedComment(author=author, body=_reply_text(rng, mention), parent=parent))
        nodes[parent].children.append(len(nodes) - 1)
        levels.append(levels[parent] + 1)
    return nodes


def plan_discussion(total: int, readers: list, rng: random.Random) -> list[list]:
    """Split `total` comments into threads: a third top-level, a few long threads."""
    if total <= 0:
        return []
    roots = max(1, round(total / 3))
    replies = total - roots
    weights = [rng.paretovariate(1.2) for _ in range(roots)]
    # A few long threads: the three heaviest get a big share of the replies.
    for index in sorted(range(roots), key=weights.__getitem__)[-3:]:
        weights[index] *= 4
    scale = sum(weights)
    counts = [int(replies * w / scale) for w in weights]
    for index in rng.sample(range(roots), k=min(roots, replies - sum(counts))):
        counts[index] += 1
    return [plan_thread(rng, readers, count) for count in counts]


def _positions(nodes: list) -> list[tuple[int, int, int]]:
    """(lft, rght, level) for each planned node, iteratively (threads can be very deep)."""
    result = [None] * len(nodes)
    counter = 1
    stack = [(0, 0, False)]
    lefts = {}
    while stack:
        index, level, done = stack.pop()
        if done:
            result[index] = (lefts[index], counter, level)
            counter += 1
            continue
        lefts[index] = counter
        counter += 1
        stack.append((index, level, True))
        stack.extend((child, level + 1, False) for child in reversed(nodes[index].children))
    return result


def thread_insert(*, article, nodes: list, marker: str = "", users: dict | None = None) -> list:
    """Insert a planned thread as a new tree with all positions precomputed."""
    if users is None:
        users = {r.username.lower(): r for r in {n.author for n in nodes}}
    positions = _positions(nodes)
    through = Comment.mentions.through
    saved: list[Comment] = []
    mention_rows = []
    with transaction.atomic():
        tree_id = Comment.objects._get_next_tree_id()
        for node, (lft, rght, level) in zip(nodes, positions, strict=True):
            cooked = cook(node.body, users=users)
            comment = Comment(
                article=article,
                author=node.author,
                parent=saved[node.parent] if node.parent is not None else None,
                body=node.body,
                body_html=cooked.html,
                status=Comment.Status.VISIBLE,
                ip_hash=marker,
                tree_id=tree_id,
                lft=lft,
                rght=rght,
                level=level,
            )
            comment.save()
            saved.append(comment)
            mention_rows += [through(comment_id=comment.pk, user_id=u.pk) for u in cooked.mentions]
            if node.created_at is not None:
                comment.created_at = node.created_at
        if mention_rows:
            through.objects.bulk_create(mention_rows)
        dated = [c for c, n in zip(saved, nodes, strict=True) if n.created_at is not None]
        if dated:
            Comment.objects.bulk_update(dated, ["created_at"], batch_size=500)
        counted = sum(comment.status in Comment.COUNTED for comment in saved)
        # A new thread has no cached fragment; only the page's parts change.
        article_thread_bump(article_id=article.pk, tree_ids=(), count_delta=counted)
    return saved


def seed_article(*, article, count: int, seed: int = 0) -> tuple[int, bool]:
    """Add `count` realistic comments to `article`; return (added, already_seeded)."""
    marker = f"{SEED_MARKER}{seed}"
    if Comment.objects.filter(article=article, ip_hash=marker).exists():
        return 0, True
    rng = random.Random(seed)
    readers = demo_readers()
    users = {r.username.lower(): r for r in readers}
    threads = plan_discussion(count, readers, rng)
    # Threads start one after another over the time since publication; replies follow
    # their thread at irregular intervals, in the order they were planned.
    now = timezone.now()
    latest = now - timedelta(minutes=16)  # outside the edit window: demo data is settled
    span = max(min(now - article.published_at, timedelta(days=2)), timedelta(hours=1))
    with transaction.atomic():  # one commit: on SQLite every commit is an fsync
        added = _insert_threads(article, threads, rng, span, latest, marker, users)
    return added, False


def _insert_threads(article, threads, rng, span, latest, marker, users) -> int:
    added = 0
    for number, nodes in enumerate(threads):
        when = article.published_at + span * 0.7 * number / len(threads)
        gap = max(60, int(span.total_seconds() * 0.3 / len(nodes)))
        for position, node in enumerate(nodes):
            if position:
                when += timedelta(seconds=rng.randint(20, gap))
            node.created_at = min(when, latest)
        added += len(thread_insert(article=article, nodes=nodes, marker=marker, users=users))
    return added
