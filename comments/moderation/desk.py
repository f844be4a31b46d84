"""The moderation desk: one queue ordered by priority and age, and sections claimed by one
moderator at a time: while a claim is fresh, only its holder acts on the section's comments
(`claim_holder`), so that no item is worked twice.

Priority: 0 a trusted flagger's notice, 1 a notice of illegal content, 2 reported by readers,
3 awaiting review; within a priority the item that has waited longest comes first.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.models import Section
from comments.models import Comment
from comments.moderation.models import ModerationSettings, Notice, Report, SectionClaim
from comments.permissions import can_moderate

CLAIM_HOURS = 4  # a forgotten claim frees itself after this long

PRIORITY_LABELS = {
    0: gettext_lazy("Trusted flagger"),
    1: gettext_lazy("Notice of illegal content"),
    2: gettext_lazy("Reported"),
    3: gettext_lazy("Awaiting review"),
}


def report_threshold(site: ModerationSettings) -> int:
    """How many open reports put a comment in the Reported queue (at least one)."""
    return max(site.report_threshold, 1)


def prioritised(queryset, site: ModerationSettings | None = None):
    """`queryset` of comments with `priority`, `waiting_since`, `open_reports` and
    `has_notice`, ordered the way they are worked: priority first, then the longest waiting.

    The one home of the order: the desk and the Pending and Reported queues use it.
    """
    site = site or ModerationSettings.load()
    threshold = report_threshold(site)
    open_notices = Notice.objects.filter(comment=OuterRef("pk"), status=Notice.Status.OPEN)
    open_reports = Report.objects.filter(comment=OuterRef("pk"), status=Report.Status.OPEN)
    trusted = (
        Exists(open_notices.filter(trusted_flagger=True))
        if site.trusted_flaggers_enabled
        else Value(False)
    )
    report_count = open_reports.order_by().values("comment").annotate(n=Count("pk")).values("n")[:1]
    return (
        queryset.annotate(
            trusted_notice=trusted,
            has_notice=Exists(open_notices),
            open_reports=Coalesce(Subquery(report_count, output_field=IntegerField()), 0),
        )
        .annotate(
            priority=Case(
                When(trusted_notice=True, then=0),
                When(has_notice=True, then=1),
                When(open_reports__gte=threshold, then=2),
                default=3,
                output_field=IntegerField(),
            ),
            waiting_since=Coalesce(
                Subquery(open_notices.order_by("created_at").values("created_at")[:1]),
                Subquery(open_reports.order_by("created_at").values("created_at")[:1]),
                F("created_at"),
            ),
        )
        .order_by("priority", "waiting_since", "pk")
    )


def desk_queryset(site: ModerationSettings | None = None):
    """Comments that need a moderator, with `priority`, `waiting_since` and `open_reports`."""
    site = site or ModerationSettings.load()
    return (
        prioritised(Comment.objects.filter(status__in=Comment.LIVE), site)
        .filter(
            Q(status=Comment.Status.PENDING)
            | Q(has_notice=True)
            | Q(open_reports__gte=report_threshold(site))
        )
        .select_related(
            "author", "article", "article__section", "hold_explanation", "assistant_score"
        )
    )


ORDERS = ("priority", "risk")


def ordered(queryset, order: str):
    """The desk's order (priority, then the longest waiting) or, with "risk", the moderation
    assistant's highest scores first (unscored comments last), then the longest waiting."""
    if order == "risk":
        return queryset.order_by(
            F("assistant_score__score").desc(nulls_last=True), "waiting_since", "pk"
        )
    return queryset


def active_claims():
    since = timezone.now() - timezone.timedelta(hours=CLAIM_HOURS)
    return SectionClaim.objects.filter(claimed_at__gt=since).select_related("section", "moderator")


def _with_descendants(sections) -> list[int]:
    ids = set()
    for section in sections:
        ids.update(section.get_descendants(include_self=True).values_list("pk", flat=True))
    return sorted(ids)


def desk_for(moderator, *, section: Section | None = None):
    """What `moderator` works on: a chosen section, else their claimed sections, else every
    section nobody else has claimed."""
    queryset = desk_queryset()
    if section is not None:
        return queryset.filter(article__section_id__in=_with_descendants([section]))
    mine = [c.section for c in active_claims() if c.moderator_id == moderator.pk]
    if mine:
        queryset = queryset.filter(article__section_id__in=_with_descendants(mine))
    others = sorted(claims_of_others(moderator))  # a sub-section someone else took stays theirs
    if others:
        return queryset.exclude(article__section_id__in=others)
    return queryset


def claims_of_others(moderator) -> dict[int, SectionClaim]:
    """Section id -> the other moderator's fresh claim that covers it.

    A claim covers the sub-sections too; where claims nest, the nearest claimed section wins
    (a moderator who took "Politik > Inland" works it even while another has "Politik").
    """
    holders: dict[int, SectionClaim] = {}
    for claim in sorted(active_claims(), key=lambda c: c.section.level):
        for section_id in _with_descendants([claim.section]):
            holders[section_id] = claim  # deeper claims come later and win
    return {pk: claim for pk, claim in holders.items() if claim.moderator_id != moderator.pk}


def claim_holder(*, moderator, comment, holders: dict | None = None) -> SectionClaim | None:
    """The other moderator's fresh claim that keeps `moderator` from acting on `comment`.

    The one rule every moderation action on a comment asks (queues, bulk, conversation view,
    desk, admin), so claimed items are not worked twice. A stale claim (CLAIM_HOURS) no longer
    counts; `section_take_over` makes the section the moderator's. `holders`: the result of
    `claims_of_others(moderator)` when asking for many comments.
    """
    holders = claims_of_others(moderator) if holders is None else holders
    return holders.get(comment.article.section_id)


def claim_check(*, moderator, comment) -> None:
    """Raise ValidationError (code "claimed") if another moderator's claim covers `comment`."""
    claim = claim_holder(moderator=moderator, comment=comment)
    if claim is not None:
        raise ValidationError(
            _(
                "%(name)s is working on the section %(section)s. Take the section over to act "
                "on this comment."
            )
            % {"name": claim.moderator.public_name, "section": claim.section.name},
            code="claimed",
        )


def claim_split(*, moderator, comments) -> tuple[list, list]:
    """(free, blocked): the comments `moderator` may act on, and those another has claimed."""
    holders = claims_of_others(moderator)
    free, blocked = [], []
    for comment in comments:
        held = claim_holder(moderator=moderator, comment=comment, holders=holders)
        (blocked if held is not None else free).append(comment)
    return free, blocked


def claimed_message(count: int) -> str:
    """What a bulk action says about the comments `claim_split` held back."""
    return ngettext(
        "%(count)s comment not done: another moderator is working on its section. Take the "
        "section over on the desk to act on it.",
        "%(count)s comments not done: another moderator is working on their sections. Take the "
        "sections over on the desk to act on them.",
        count,
    ) % {"count": count}


@transaction.atomic
def section_claim(*, section: Section, moderator) -> SectionClaim:
    """Take a section's queue. Refused while another moderator's claim is fresh; a stale claim
    is taken over by a conditional update, so two moderators can never both hold it."""
    if not can_moderate(moderator, acting=True):
        raise ValidationError(_("Only moderators can do this."), code="not_moderator")
    now = timezone.now()
    try:
        with transaction.atomic():
            return SectionClaim.objects.create(section=section, moderator=moderator, claimed_at=now)
    except IntegrityError:
        pass
    stale = now - timezone.timedelta(hours=CLAIM_HOURS)
    taken = SectionClaim.objects.filter(
        Q(moderator=moderator) | Q(claimed_at__lte=stale), section=section
    ).update(moderator=moderator, claimed_at=now)
    claim = SectionClaim.objects.select_related("moderator").get(section=section)
    if not taken:
        raise ValidationError(
            _("%(name)s is already working on this section.")
            % {"name": claim.moderator.public_name},
            code="claimed",
        )
    return claim


@transaction.atomic
def section_take_over(*, section: Section, moderator) -> SectionClaim:
    """Take a section's queue from whoever holds it: a deliberate step, never a side effect."""
    if not can_moderate(moderator, acting=True):
        raise ValidationError(_("Only moderators can do this."), code="not_moderator")
    claim, _created = SectionClaim.objects.update_or_create(
        section=section, defaults={"moderator": moderator, "claimed_at": timezone.now()}
    )
    return claim


def section_release(*, section: Section, moderator) -> bool:
    return bool(SectionClaim.objects.filter(section=section, moderator=moderator).delete()[0])
