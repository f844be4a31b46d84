"""The moderation desk: one queue ordered by priority and age, and sections claimed by one
moderator at a time, so that no item is worked twice.

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
from django.utils.translation import gettext_lazy

from articles.models import Section
from comments.models import Comment
from comments.moderation.dsa_models import Notice, SectionClaim
from comments.moderation.models import ModerationSettings, Report
from comments.moderation.rules import MODERATE_PERMISSION

CLAIM_HOURS = 4  # a forgotten claim frees itself after this long

PRIORITY_LABELS = {
    0: gettext_lazy("Trusted flagger"),
    1: gettext_lazy("Notice of illegal content"),
    2: gettext_lazy("Reported"),
    3: gettext_lazy("Awaiting review"),
}


def desk_queryset(site: ModerationSettings | None = None):
    """Comments that need a moderator, with `priority`, `waiting_since` and `open_reports`."""
    site = site or ModerationSettings.load()
    threshold = max(site.report_threshold, 1)
    open_notices = Notice.objects.filter(comment=OuterRef("pk"), status=Notice.Status.OPEN)
    open_reports = Report.objects.filter(comment=OuterRef("pk"), status=Report.Status.OPEN)
    trusted = (
        Exists(open_notices.filter(trusted_flagger=True))
        if site.trusted_flaggers_enabled
        else Value(False)
    )
    report_count = open_reports.order_by().values("comment").annotate(n=Count("pk")).values("n")[:1]
    return (
        Comment.objects.filter(status__in=Comment.LIVE)
        .annotate(
            trusted_notice=trusted,
            has_notice=Exists(open_notices),
            open_reports=Coalesce(Subquery(report_count, output_field=IntegerField()), 0),
        )
        .filter(
            Q(status=Comment.Status.PENDING) | Q(has_notice=True) | Q(open_reports__gte=threshold)
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
        .select_related("author", "article", "article__section", "hold_explanation")
        .order_by("priority", "waiting_since", "pk")
    )


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
    claims = list(active_claims())
    if section is not None:
        return queryset.filter(article__section_id__in=_with_descendants([section]))
    mine = [c.section for c in claims if c.moderator_id == moderator.pk]
    if mine:
        return queryset.filter(article__section_id__in=_with_descendants(mine))
    others = [c.section for c in claims if c.moderator_id != moderator.pk]
    if others:
        return queryset.exclude(article__section_id__in=_with_descendants(others))
    return queryset


def claimed_by_others(moderator) -> dict[int, str]:
    """Section id -> the name of the other moderator working on it (sub-sections included).

    The queues mark those items, so a moderator outside the desk does not work them twice.
    """
    holders = {}
    for claim in active_claims():
        if claim.moderator_id != moderator.pk:
            for section_id in _with_descendants([claim.section]):
                holders[section_id] = claim.moderator.public_name
    return holders


@transaction.atomic
def section_claim(*, section: Section, moderator) -> SectionClaim:
    """Take a section's queue. Refused while another moderator's claim is fresh; a stale claim
    is taken over by a conditional update, so two moderators can never both hold it."""
    if not moderator.has_perm(MODERATE_PERMISSION):
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


def section_release(*, section: Section, moderator) -> bool:
    return bool(SectionClaim.objects.filter(section=section, moderator=moderator).delete()[0])
