"""The curated front page: editors' slots, the newest as fallback, one block per section."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.frontpage import front_page
from articles.models import Article, FrontPageSlot
from newsroom.context_processors import nav_sections
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


def ago(hours):
    return timezone.now() - timezone.timedelta(hours=hours)


def test_without_pins_the_newest_article_leads(client):
    old = ArticleFactory(headline="Alt", published_at=ago(5))
    new = ArticleFactory(headline="Neu", published_at=ago(1))
    page = front_page(sections=nav_sections())
    assert page.lead == new
    assert page.top == [old]


def test_pinned_articles_lead_in_their_order_and_the_newest_fill_the_rest(settings):
    settings.FRONT_PAGE_TOP_SLOTS = 3
    articles = [ArticleFactory(published_at=ago(h)) for h in range(1, 8)]
    newest = articles[0]
    oldest, second_oldest = articles[-1], articles[-2]
    FrontPageSlot.objects.create(position=2, article=second_oldest)
    FrontPageSlot.objects.create(position=1, article=oldest)
    page = front_page(sections=nav_sections())
    assert page.lead == oldest
    assert page.top == [second_oldest, newest, articles[1]]


def test_a_pinned_draft_or_scheduled_article_is_skipped_until_readers_may_see_it():
    visible = ArticleFactory(published_at=ago(3))
    draft = ArticleFactory(status=Article.Status.DRAFT)
    later = ArticleFactory(published_at=timezone.now() + timezone.timedelta(hours=2))
    FrontPageSlot.objects.create(position=1, article=draft)
    FrontPageSlot.objects.create(position=2, article=later)
    assert front_page(sections=nav_sections()).lead == visible


def test_section_blocks_hold_the_newest_of_each_top_level_section_without_repeats(settings):
    settings.FRONT_PAGE_TOP_SLOTS = 1
    settings.FRONT_PAGE_SECTION_TEASERS = 2
    politik = SectionFactory(name="Politik", slug="politik")
    ausland = SectionFactory(name="Ausland", slug="ausland", parent=politik)
    sport = SectionFactory(name="Sport", slug="sport")
    SectionFactory(name="Leer", slug="leer")  # no articles: no block
    lead = ArticleFactory(section=sport, published_at=ago(1))
    p1 = ArticleFactory(section=ausland, published_at=ago(2))  # subsections count
    top = ArticleFactory(section=politik, published_at=ago(1.5))
    p2 = ArticleFactory(section=politik, published_at=ago(3))
    ArticleFactory(section=politik, published_at=ago(4))  # third: beyond the block
    s1 = ArticleFactory(section=sport, published_at=ago(5))
    page = front_page(sections=nav_sections())
    assert [page.lead, *page.top] == [lead, top]
    assert [(b.section.slug, b.articles) for b in page.blocks] == [
        ("politik", [p1, p2]),
        ("sport", [s1]),
    ]


def test_home_shows_date_line_lead_top_and_blocks(client):
    section = SectionFactory(name="Kultur", slug="kultur")
    for h in range(1, 10):
        ArticleFactory(section=section, published_at=ago(h), headline=f"Meldung {h}")
    html = client.get("/").content.decode()
    assert 'class="site-dateline' in html
    assert html.count("teaser--lead") == 1
    assert 'id="front-section-kultur"' in html
    assert "Meldung 8" in html and "Meldung 9" not in html  # 1 lead + 4 top + 3 in the block


def test_later_pages_list_every_article_newest_first(client):
    for h in range(1, 15):
        ArticleFactory(published_at=ago(h), headline=f"Nummer {h:02d}")
    first = client.get("/")
    assert 'href="?page=2"' in first.content.decode()
    second = client.get("/?page=2").content.decode()
    assert "Nummer 13" in second and "Nummer 14" in second and "Nummer 12" not in second


def test_home_queries_are_constant_in_sections_and_pins(client, django_assert_num_queries):
    """Guards against a query per section block or per pinned slot."""

    def build(sections):
        for _ in range(sections):
            section = SectionFactory()
            for h in range(4):
                ArticleFactory(section=section, hero_image=ImageFactory(), published_at=ago(h))

    # Any cookie but the language's keeps the shared page cache out: this measures the render.
    client.cookies["render"] = "1"
    build(2)
    client.get("/")  # warm the cached navigation
    # count, top+bylines, blocks+bylines, two boxes, and the moderation settings once for the
    # teasers' "comment now" (the discussion rule asked without a query per teaser)
    with django_assert_num_queries(8):
        client.get("/")
    build(5)
    for position, article in enumerate(Article.objects.all()[:3], start=1):
        FrontPageSlot.objects.create(position=position, article=article)
    client.get("/")
    with django_assert_num_queries(8):
        response = client.get("/")
    assert len(response.context["front"].blocks) == 7


def test_editors_pin_and_reorder_slots_in_the_admin(client):
    from django.contrib.auth.models import Group

    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    a, b = ArticleFactory(published_at=ago(5)), ArticleFactory(published_at=ago(6))
    response = client.post(
        reverse("admin:articles_frontpageslot_add"), {"position": "1", "article": a.pk}
    )
    assert response.status_code == 302
    FrontPageSlot.objects.create(position=2, article=b)
    slots = list(FrontPageSlot.objects.order_by("pk"))
    # Swapping the two positions in the change list (list_editable) must not fail halfway.
    response = client.post(
        reverse("admin:articles_frontpageslot_changelist"),
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": slots[0].pk,
            "form-0-position": "2",
            "form-1-id": slots[1].pk,
            "form-1-position": "1",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert front_page(sections=nav_sections()).lead == b
    assert client.get(reverse("admin:articles_frontpageslot_changelist")).status_code == 200
