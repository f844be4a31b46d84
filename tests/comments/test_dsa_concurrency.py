"""Moderators deciding the same notice, complaint or section at once on PostgreSQL: exactly
one wins, so nothing is worked (or stated) twice."""

import pytest
from django.core.exceptions import ValidationError

from comments.moderation import desk
from comments.moderation.dsa import appeals, notices
from comments.moderation.models import Appeal, LegalGround, SectionClaim, Statement
from tests.comments.test_moderation_concurrency import WORKERS, pytestmark, run_in_parallel
from tests.comments.test_moderation_services import make_comment
from tests.factories import ModeratorFactory, SectionFactory

pytestmark = pytestmark  # PostgreSQL only, like the moderation concurrency tests


@pytest.fixture(autouse=True)
def _english_site(settings):
    """Statements and DSA mails are written in the site's language: English here."""
    settings.LANGUAGE_CODE = "en"


@pytest.mark.django_db(transaction=True)
def test_one_decision_per_notice_and_complaint_and_one_holder_per_section():
    comment = make_comment()
    notice = notices.notice_create(
        comment=comment,
        legal_ground=LegalGround.STGB_185,
        explanation="x",
        location="x",
        bona_fide=True,
        name="N",
        email="n@example.org",
    )
    mods = [ModeratorFactory() for _ in range(WORKERS)]
    section = SectionFactory()
    wins = {"notice": [], "claim": []}

    def decide(index: int) -> None:
        try:
            notices.notice_decide(
                notice=notice,
                moderator=mods[index],
                act=True,
                facts="Fakten der Moderation",
                decision_text="Strafbar",
            )
            wins["notice"].append(index)
        except ValidationError:
            pass
        try:
            desk.section_claim(section=section, moderator=mods[index])
            wins["claim"].append(index)
        except ValidationError:
            pass

    run_in_parallel(decide)
    assert len(wins["notice"]) == 1 and len(wins["claim"]) == 1
    assert Statement.objects.count() == 1
    assert SectionClaim.objects.get().moderator == mods[wins["claim"][0]]

    statement = Statement.objects.get()
    appeal = appeals.appeal_create(appellant=comment.author, statement=statement, text="Nein")
    others = [m for m in mods if m.pk != statement.decided_by_id]
    decided = []

    def answer(index: int) -> None:
        try:
            appeals.appeal_decide(
                appeal=appeal,
                moderator=others[index % len(others)],
                reverse_decision=True,
                text="Zulässig",
            )
            decided.append(index)
        except ValidationError:
            pass

    run_in_parallel(answer)
    assert len(decided) == 1
    assert Appeal.objects.get().status == Appeal.Status.REVERSED
    comment.refresh_from_db()
    assert comment.status == "visible"
