from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from mptt.models import MPTTModel, TreeForeignKey
from simple_history.models import HistoricalRecords

from articles.querysets import ArticleQuerySet
from articles.rendering import render_markdown
from articles.slugs import unique_slug
from newsroom.validators import is_safe_href, validate_href, validate_http_url

SLUG_HELP = _(
    "The address in the URL. Left empty, it is made from the name: ä, ö, ü and ß become "
    "ae, oe, ue and ss. A changed address of a published page redirects from the old one."
)


class SlugHistoryMixin:
    """Fill an empty slug the German way; remember a changed one as a FormerSlug (301)."""

    SLUG_SOURCE = "name"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), getattr(self, self.SLUG_SOURCE), exclude_pk=self.pk)
        previous = None
        if self.pk is not None:
            previous = (
                type(self)
                ._default_manager.filter(pk=self.pk)
                .values_list("slug", flat=True)
                .first()
            )
        super().save(*args, **kwargs)
        if previous is not None and previous != self.slug:
            former_slug_record(instance=self, old_slug=previous)


# German newspaper readers manage about 200 words a minute of running text.
READING_WORDS_PER_MINUTE = 200


class Section(SlugHistoryMixin, MPTTModel):
    """A department of the paper; hierarchical (Politics > Foreign > Asia)."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True,
                            help_text=SLUG_HELP)  # fmt: skip
    parent = TreeForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent section"),
    )
    description = models.TextField(_("description"), blank=True)

    # No order_insertion_by: top-level sections appear in the navigation in the order they
    # were created (tree_id), so the paper can put Politik first rather than alphabetically.

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})


class Tag(SlugHistoryMixin, models.Model):
    """A topic that links related articles ("More on this topic")."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True,
                            help_text=SLUG_HELP)  # fmt: skip

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:tag", kwargs={"slug": self.slug})


class Author(SlugHistoryMixin, models.Model):
    """A byline: a journalist, optionally linked to a site account."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True,
                            help_text=SLUG_HELP)  # fmt: skip
    role = models.CharField(
        _("role"), max_length=160, blank=True, help_text=_('For example "Foreign editor (Asia)".')
    )
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "articles.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name=_("account"),
    )
    website = models.URLField(_("website"), blank=True, validators=[validate_http_url])
    social_url = models.URLField(_("social profile"), blank=True, validators=[validate_http_url])

    class Meta:
        # One German term for bylines and authors in the admin ("Autor", "Autoren"); the
        # context keeps it apart from a comment's author ("Verfasser").
        verbose_name = pgettext_lazy("byline", "author")
        verbose_name_plural = pgettext_lazy("byline", "authors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})


class Image(models.Model):
    """An uploaded picture with its credit; renditions are derived on save."""

    file = models.ImageField(_("file"), upload_to="images/%Y/%m/", width_field="width",
                             height_field="height")  # fmt: skip
    alt_text = models.CharField(
        _("alt text"),
        max_length=250,
        help_text=_("Describe the picture for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(
        _("credit"), max_length=120, blank=True, help_text=_('For example "kcna/yna/dpa".')
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    renditions = models.JSONField(
        _("renditions"),
        default=dict,
        editable=False,
        help_text=_("Width → {format: storage path}, written when the image is saved."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.alt_text

    def renditions_stale(self) -> bool:
        """Whether the renditions were made from another file than the current one (or none)."""
        stored = {entry.get("source") for entry in self.renditions.values()}
        return bool(self.file) and stored != {self.file.name}


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Genre(models.TextChoices):
        NEWS = "news", _("News")
        COMMENTARY = "commentary", _("Commentary")
        ANALYSIS = "analysis", _("Analysis")
        INTERVIEW = "interview", _("Interview")
        REPORT = "report", pgettext_lazy("genre", "Report")
        REVIEW = "review", _("Review")

    kicker = models.CharField(
        _("kicker"), max_length=80, blank=True, help_text=_("The small line above the headline.")
    )
    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True,
                            help_text=SLUG_HELP)  # fmt: skip
    lead = models.TextField(_("lead"), help_text=_("The teaser shown on overview pages."))
    body = models.TextField(
        _("body"),
        help_text=_(
            "Markdown: paragraphs, **bold**, _italic_, links, lists, > quotes, ## subheadings."
        ),
    )
    body_html = models.TextField(editable=False, default="")
    genre = models.CharField(_("genre"), max_length=20, choices=Genre, default=Genre.NEWS)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publish time"),
        default=timezone.now,
        db_index=True,
        help_text=_("A published article with a future time appears at that time."),
    )
    authors = models.ManyToManyField(
        Author,
        through="ArticleAuthor",
        related_name="articles",
        verbose_name=pgettext_lazy("byline", "authors"),
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles", verbose_name=_("section")
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="articles", verbose_name=_("topics")
    )
    hero_image = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("hero image"),
    )
    comments_open = models.BooleanField(_("comments open"), default=True)
    comments_closed_reason = models.CharField(
        _("why the discussion is closed"),
        max_length=300,
        blank=True,
        help_text=_("Shown to readers under a discussion closed by hand; set when it closes."),
    )
    is_liveticker = models.BooleanField(
        _("live ticker"),
        default=False,
        help_text=_(
            "Readers see short timestamped entries, newest first, under the summary (the body); "
            "editors add them on the ticker desk."
        ),
    )
    live_started_at = models.DateTimeField(
        _("ticker started"),
        null=True,
        blank=True,
        help_text=_("When the live coverage began; empty means the publish time."),
    )
    live_ended_at = models.DateTimeField(
        _("ticker ended"),
        null=True,
        blank=True,
        help_text=_("Set when the editors end the ticker; empty while it is running."),
    )
    live_updates = models.BooleanField(
        _("live updates"),
        default=True,
        help_text=_(
            "Open pages receive new comments and ticker entries without reloading (while the "
            "site allows it and the discussion is active)."
        ),
    )
    live_activity_at = models.DateTimeField(
        _("last live activity"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When the last comment or ticker entry was added; live updates stop after "
            "NEWSROOM_LIVE_IDLE_HOURS without one."
        ),
    )
    questions_open = models.BooleanField(
        _("questions to the authors"),
        default=False,
        help_text=_(
            'Readers can ask the authors questions in their own tab ("Fragen an die Autorin / '
            'den Autor"); the authors answer them below the article.'
        ),
    )
    recommendations_epoch = models.BigIntegerField(
        _("recommendations epoch"), default=0, editable=False,
        help_text=_(
            "The time slot of the latest reader recommendation, written at most once per slot; "
            "part of the cache key of the rendered thread."
        ),
    )  # fmt: skip
    comment_count = models.PositiveIntegerField(
        _("visible comments"), default=0, editable=False,
        help_text=_("Denormalised; changed with F() in the transaction of every comment write."),
    )  # fmt: skip
    thread_version = models.PositiveBigIntegerField(
        _("thread version"), default=0, editable=False,
        help_text=_(
            "Raised with F() in the transaction of every change readers see in the comments or "
            "the live ticker; part of the cache key of the rendered thread and the page."
        ),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    # Not updated_at: a typo fix must not tell readers the story changed (articles.services).
    revised_at = models.DateTimeField(
        _("updated for readers"),
        null=True,
        blank=True,
        editable=False,
        help_text=_('Set by a substantial change or a correction; shown as "updated on".'),
    )
    # Weighted German full-text vectors, kept current by a PostgreSQL trigger (migration
    # 0003), so bulk_create and update() cannot leave them stale. `search_vector` (headline A,
    # kicker B, lead C, body D) is what a query must match; `search_head` (A-C only) is what
    # results are ranked by: a few hundred bytes instead of a TOASTed vector of the whole
    # body, which ts_rank would have to fetch and decompress for every match. On SQLite both
    # stay empty and search falls back to plain matching.
    search_vector = SearchVectorField(null=True, editable=False)
    search_head = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()
    # Every save keeps a version (who and when): django-simple-history, see docs/decisions.md.
    history = HistoricalRecords(
        # Derived, or changed by readers' activity rather than by an editor.
        excluded_fields=[
            "body_html",
            "comment_count",
            "thread_version",
            "updated_at",
            "search_vector",
            "search_head",
            "recommendations_epoch",
            "live_activity_at",
        ],
        verbose_name=_("article version"),
        verbose_name_plural=_("article versions"),
    )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            GinIndex(fields=["search_vector"], name="articles_search_gin"),
        ]
        permissions = [("preview_article", _("Can preview unpublished articles"))]

    def __str__(self) -> str:
        return self.headline

    # Written only with F() by the comment write path; a full save of an article that was
    # loaded earlier must not put back the values it read (a lost count, an old cache key).
    COUNTER_FIELDS = frozenset({"comment_count", "thread_version", "live_activity_at"})

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if not self.slug:
            self.slug = unique_slug(Article, self.headline, exclude_pk=self.pk)
        if kwargs.get("update_fields") is not None and "body" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.COUNTER_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def is_published(self) -> bool:
        """Return True if readers may see the article now."""
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    def is_visible_to(self, user) -> bool:
        """The one drafts rule: readers see published articles, editors may preview the rest
        (the article page and everything posted to it ask this)."""
        return self.is_published() or user.has_perm("articles.preview_article")

    def ticker_started_at(self):
        """When the live coverage began (the publish time unless the editors said otherwise)."""
        return self.live_started_at or self.published_at

    def is_live(self) -> bool:
        """Return True for a running live ticker (marked as one and not ended)."""
        return self.is_liveticker and self.live_ended_at is None

    def live_updates_active(self, now=None) -> bool:
        """Whether open pages should still ask for changes: switched on (site and article)
        and a comment or ticker entry came within NEWSROOM_LIVE_IDLE_HOURS."""
        if not (settings.LIVE_UPDATES and self.live_updates):
            return False
        if self.is_live():
            return True
        last = max(filter(None, [self.live_activity_at, self.published_at]))
        idle = timezone.timedelta(hours=settings.LIVE_IDLE_HOURS)
        return (now or timezone.now()) - last < idle

    def reading_minutes(self) -> int:
        """Minutes to read the body at READING_WORDS_PER_MINUTE, at least one."""
        words = len(strip_tags(self.body_html).split())
        return max(1, round(words / READING_WORDS_PER_MINUTE))


class ArticleAuthor(models.Model):
    """The ordered byline of an article."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines", verbose_name=_("article")
    )
    author = models.ForeignKey(
        Author,
        on_delete=models.PROTECT,
        related_name="bylines",
        verbose_name=pgettext_lazy("byline", "author"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("byline", "author")
        verbose_name_plural = pgettext_lazy("byline", "authors")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="articles_byline_unique")
        ]

    def __str__(self) -> str:
        return str(self.author)


class SlugRedirect(models.Model):
    """A former slug of an article, so that published URLs never break."""

    old_slug = models.SlugField(_("old slug"), max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")

    class Meta:
        verbose_name = _("slug redirect")
        verbose_name_plural = _("slug redirects")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.article.slug}"


class FormerSlug(models.Model):
    """A former slug of a section, topic or author page, so that its old URL redirects (301).

    Articles keep theirs in SlugRedirect (only for addresses readers could see).
    """

    class Kind(models.TextChoices):
        SECTION = "section", _("section")
        TAG = "tag", _("topic")
        AUTHOR = "author", pgettext_lazy("byline", "author")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    old_slug = models.SlugField(_("old slug"), max_length=200)
    object_id = models.PositiveBigIntegerField(_("object id"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")
        constraints = [
            models.UniqueConstraint(fields=["kind", "old_slug"], name="articles_formerslug_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.old_slug}"

    @classmethod
    def kind_of(cls, model) -> str:
        return {Section: cls.Kind.SECTION, Tag: cls.Kind.TAG, Author: cls.Kind.AUTHOR}[model]


def former_slug_record(*, instance, old_slug: str) -> None:
    """Remember instance's old slug; its current slug is its own again (renamed back)."""
    kind = FormerSlug.kind_of(type(instance))
    FormerSlug.objects.filter(kind=kind, old_slug=instance.slug).delete()
    FormerSlug.objects.update_or_create(
        kind=kind, old_slug=old_slug, defaults={"object_id": instance.pk}
    )


def former_slug_target(model, slug: str):
    """The section, topic or author that had this slug before, or None."""
    object_id = (
        FormerSlug.objects.filter(kind=FormerSlug.kind_of(model), old_slug=slug)
        .values_list("object_id", flat=True)
        .first()
    )
    return None if object_id is None else model._default_manager.filter(pk=object_id).first()


class SearchWord(models.Model):
    """A word of the published articles: the vocabulary for "Did you mean ...?" and compounds.

    Filled after an article is saved (articles.search.search_words_add) and rebuilt by
    `manage.py search_words_rebuild` after bulk loads. On PostgreSQL a trigram index (pg_trgm,
    migration 0010) answers word similarity; SQLite uses difflib on a few candidates.
    """

    word = models.CharField(_("word"), max_length=40, unique=True)
    ndoc = models.PositiveIntegerField(_("articles"), default=1)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        indexes = [
            GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="articles_searchword_trgm")
        ]

    def __str__(self) -> str:
        return self.word


class SupportBox(models.Model):
    """The site-wide reader-support box under articles. The newest active one is shown."""

    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"))
    link_url = models.CharField(
        _("link"),
        max_length=300,
        validators=[validate_href],
        help_text=_("An https:// or http:// address, or a path on this site such as /abo/."),
    )
    link_label = models.CharField(_("link label"), max_length=80)
    is_active = models.BooleanField(_("shown"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reader-support box")
        verbose_name_plural = _("reader-support boxes")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        """The link for templates; a value stored before validation existed is dropped."""
        return self.link_url if is_safe_href(self.link_url) else ""


class FrontPageSlot(models.Model):
    """A curated place at the top of the front page; position 1 is the lead story."""

    # Not unique: editors renumber in the change list row by row, and a unique position
    # would fail halfway through a swap. Ties go to the newer article.
    position = models.PositiveSmallIntegerField(
        _("position"),
        help_text=_("1 is the lead story (Aufmacher), then the top slots in this order."),
    )
    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        related_name="front_page_slot",
        verbose_name=_("article"),
    )
    ends_at = models.DateTimeField(
        _("pinned until"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: pinned until you remove it. At this time the article leaves its place and "
            "the newest articles move up, without anyone saving anything."
        ),
    )

    class Meta:
        verbose_name = _("front-page slot")
        verbose_name_plural = _("front page: lead story and top slots")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.article}"


class Correction(models.Model):
    """A dated correction note under a published article (Pressekodex, Ziffer 3)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("article")
    )
    text = models.TextField(
        _("correction"),
        help_text=_('What was wrong and what is right, e.g. "In an earlier version we wrote ..."'),
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.article}: {self.text[:60]}"

    def as_schema_org(self) -> dict:
        """The note as a schema.org CorrectionComment, for the article's `correction` field."""
        return {
            "@type": "CorrectionComment",
            "text": self.text,
            "datePublished": timezone.localtime(self.created_at).replace(microsecond=0).isoformat(),
        }


class ArticleViewCount(models.Model):
    """Page views of an article in one hour, written in batches from the cache counter.

    No cookie, address or user is stored: only how many times the page was read that hour.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="view_counts")
    hour = models.DateTimeField(_("hour"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("views per hour")
        verbose_name_plural = _("views per hour")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="articles_views_hour_unique")
        ]
        indexes = [models.Index(fields=["hour"])]

    def __str__(self) -> str:
        return f"{self.article_id} {self.hour:%Y-%m-%d %H}: {self.views}"


class TickerEntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=TickerEntry.Status.PUBLISHED)

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_display(self):
        """Published entries with their picture and author: one query for any number."""
        return self.published().select_related("image", "author").newest_first()

    def for_desk(self):
        """What the ticker desk lists: drafts and published entries, never deleted ones."""
        return (
            self.exclude(status=TickerEntry.Status.DELETED)
            .select_related("image", "author")
            .order_by(models.F("published_at").desc(nulls_first=True), "-created_at", "-pk")
        )


class TickerEntry(models.Model):
    """One timestamped entry of a live ticker (a short text, optionally a picture)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        DELETED = "deleted", _("Deleted")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="ticker_entries", verbose_name=_("article")
    )
    body = models.TextField(
        _("text"), help_text=_("Markdown, as in articles: **bold**, _italic_, links, lists.")
    )
    body_html = models.TextField(editable=False, default="")
    image = models.ForeignKey(
        Image,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ticker_entries",
        verbose_name=_("image"),
    )
    author = models.ForeignKey(
        Author,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ticker_entries",
        verbose_name=pgettext_lazy("byline", "author"),
    )
    is_key = models.BooleanField(
        _("key event"), default=False, help_text=_("Pinned above the entries as a key event.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("time"), null=True, blank=True, help_text=_("The time readers see; set on publishing.")
    )
    edited_at = models.DateTimeField(
        _("updated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_('Set when a published entry is changed; readers see "updated".'),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    live_version = models.PositiveBigIntegerField(
        _("live version"), default=0, editable=False,
        help_text=_(
            "The article's thread_version this entry last changed in: the live updates send "
            "what changed since the version a page shows."
        ),
    )  # fmt: skip

    objects = TickerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticker entry")
        verbose_name_plural = _("ticker entries")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(
                fields=["article", "-published_at", "-id"],
                condition=models.Q(status="published"),
                name="articles_ticker_published",
            ),
            models.Index(fields=["article", "live_version"], name="articles_ticker_live"),
        ]

    def __str__(self) -> str:
        return strip_tags(self.body_html)[:60] or f"#{self.pk}"

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if kwargs.get("update_fields") is not None and "body" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The permalink: answers with the ticker page that shows the entry."""
        return reverse("articles:ticker-entry", kwargs={"slug": self.article.slug, "pk": self.pk})

    def anchor(self) -> str:
        return f"eintrag-{self.pk}"

    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def plain_text(self) -> str:
        return strip_tags(self.body_html).strip()
