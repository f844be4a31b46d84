from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from mptt.models import MPTTModel, TreeForeignKey

from articles.querysets import ArticleQuerySet
from articles.rendering import render_markdown
from newsroom.validators import is_safe_href, validate_href, validate_http_url


class Section(MPTTModel):
    """A department of the paper; hierarchical (Politics > Foreign > Asia)."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
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


class Tag(models.Model):
    """A topic that links related articles ("More on this topic")."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:tag", kwargs={"slug": self.slug})


class Author(models.Model):
    """A byline: a journalist, optionally linked to a site account."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
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
        verbose_name = _("author")
        verbose_name_plural = _("authors")
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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Renditions follow the file: regenerate when it is new or replaced.
        stored = {entry.get("source") for entry in self.renditions.values()}
        if self.file and stored != {self.file.name}:
            from articles.images import generate_renditions

            renditions = generate_renditions(self)
            for entry in renditions.values():
                entry["source"] = self.file.name
            Image.objects.filter(pk=self.pk).update(renditions=renditions)
            self.renditions = renditions


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
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
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
        Author, through="ArticleAuthor", related_name="articles", verbose_name=_("authors")
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Weighted German full-text vectors, kept current by a PostgreSQL trigger (migration
    # 0003), so bulk_create and update() cannot leave them stale. `search_vector` (headline A,
    # kicker B, lead C, body D) is what a query must match; `search_head` (A-C only) is what
    # results are ranked by: a few hundred bytes instead of a TOASTed vector of the whole
    # body, which ts_rank would have to fetch and decompress for every match. On SQLite both
    # stay empty and search falls back to plain matching.
    search_vector = SearchVectorField(null=True, editable=False)
    search_head = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

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

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if kwargs.get("update_fields") is not None and "body" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def is_published(self) -> bool:
        """Return True if readers may see the article now."""
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()


class ArticleAuthor(models.Model):
    """The ordered byline of an article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("byline")
        verbose_name_plural = _("byline")
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
