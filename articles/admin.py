from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from mptt.admin import MPTTModelAdmin, TreeRelatedFieldListFilter
from simple_history.admin import SimpleHistoryAdmin

from articles.forms import ArticleAdminForm, AuthorAdminForm, ImageAdminForm
from articles.history import COMPARED_FIELDS, compare_versions
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Correction,
    FormerSlug,
    FrontPageSlot,
    Image,
    Section,
    SlugRedirect,
    SupportBox,
    Tag,
    TickerEntry,
)
from articles.rendering import render_markdown
from articles.services import (
    article_publish,
    article_save,
    article_unpublish,
    correction_add,
    image_create,
)


class SectionTreeFilter(TreeRelatedFieldListFilter):
    """Filter by a section and its subsections, indented by text instead of style="" (CSP)."""

    template = "admin/filter.html"

    def field_choices(self, field, request, model_admin):
        levels = dict(Section.objects.values_list("pk", "level"))
        return [
            (pk, "— " * levels.get(pk, 0) + str(label), "")
            for pk, label, _style in super().field_choices(field, request, model_admin)
        ]


def thumbnail(image, width=120):
    """A small preview <img> from the narrowest rendition (or the original)."""
    if image is None or not image.file:
        return "–"
    renditions = image.renditions or {}
    src = image.file.url
    if renditions:
        narrowest = min(renditions, key=int)
        path = renditions[narrowest].get("fallback")
        if path:
            src = default_storage.url(path)
    height = round(image.height * width / image.width) if image.width else width
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" class="nr-admin-thumb">',
        src,
        width,
        height,
        image.alt_text,
    )


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    min_num = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    # One term for the byline everywhere in the admin: "Autor", "Autoren".
    verbose_name = pgettext_lazy("byline", "author")
    verbose_name_plural = pgettext_lazy("byline", "authors (in order)")


class CorrectionInline(admin.StackedInline):
    """Corrections are added, dated and shown under the article; saving one goes through
    articles.services.correction_add, which moves the article's "updated on" time."""

    model = Correction
    extra = 0
    fields = ["text", "created_at"]
    verbose_name = _("correction")
    verbose_name_plural = _("corrections (shown under the article, with their date)")


class GermanSlugsMedia:
    """The slug field is filled the German way as the editor types (ä -> ae ...)."""

    class Media:
        js = ["admin/js/urlify.js", "js/admin-german-slugs.js"]  # after URLify, which it wraps


class SlugRedirectInline(admin.TabularInline):
    model = SlugRedirect
    extra = 0
    fields = ["old_slug"]
    readonly_fields = ["old_slug"]
    can_delete = True
    verbose_name_plural = _("former addresses (redirect here)")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(GermanSlugsMedia, SimpleHistoryAdmin):
    form = ArticleAdminForm
    inlines = [ArticleAuthorInline, CorrectionInline, SlugRedirectInline]
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    list_display = [
        "headline",
        "thumbnail_column",
        "status",
        "visibility",
        "section",
        "authors_column",
        "published_at",
        "comment_count",
        "reader_link",
    ]
    list_display_links = ["headline"]
    list_filter = [
        "status",
        "genre",
        ("section", SectionTreeFilter),
        "authors",
        "published_at",
        "comments_open",
    ]
    list_select_related = ["section", "hero_image"]
    search_fields = ["headline", "kicker", "lead", "slug", "authors__name"]
    search_help_text = _("Headline, kicker, lead, slug or author name.")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "tags", "hero_image"]
    readonly_fields = [
        "preview_button", "hero_preview", "reader_link", "created_at", "updated_at", "revised_at",
        "ticker_desk_link",
    ]  # fmt: skip
    actions = ["publish_selected", "unpublish_selected"]
    save_on_top = True
    list_per_page = 50
    fieldsets = [
        (
            None,
            {"fields": ["kicker", "headline", "slug", "lead", "body", "preview_button", "genre"]},
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "substantial_change",
                    "section",
                    "tags",
                    "comments_open",
                    "comments_closed_reason",
                    "questions_open",
                ]
            },
        ),
        (
            _("Hero image"),
            {
                "fields": [
                    "hero_image",
                    "hero_preview",
                    "new_image",
                    "new_image_alt_text",
                    "new_image_caption",
                    "new_image_credit",
                ]
            },
        ),
        (
            _("Live ticker"),
            {
                "fields": [
                    "is_liveticker",
                    "ticker_desk_link",
                    "live_started_at",
                    "live_ended_at",
                    "live_updates",
                ]
            },
        ),
        (_("On the site"), {"fields": ["reader_link", "created_at", "updated_at", "revised_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_bylines()

    @admin.display(description=_("image"))
    def thumbnail_column(self, obj):
        return thumbnail(obj.hero_image, width=80)

    @admin.display(description=_("Preview"))
    def preview_button(self, obj):
        """A submit button of the article form that posts it to the preview, in a new tab."""
        return format_html(
            '<button type="submit" class="button" formaction="{}" formtarget="_blank" '
            'formnovalidate name="_preview">{}</button> <span class="help">{}</span>',
            reverse("admin:articles_article_preview"),
            _("Preview the text"),
            _("Opens in a new tab with the site's layout; nothing is saved."),
        )

    @admin.display(description=_("hero image preview"))
    def hero_preview(self, obj):
        return thumbnail(obj.hero_image, width=320) if obj.pk else "–"

    @admin.display(description=pgettext_lazy("byline", "authors"))
    def authors_column(self, obj):
        return ", ".join(b.author.name for b in obj.bylines.all())

    @admin.display(description=_("readers see it"), boolean=True)
    def visibility(self, obj):
        return obj.is_published()

    def get_object(self, request, object_id, from_field=None):
        """The article, with its stored address and state kept aside: a change form that does
        not validate fills the instance with the typed values (an empty slug, no time), and the
        links on that form must still point where the article is now."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj.stored = {
                "slug": obj.slug,
                "published": obj.is_published(),
                "liveticker": obj.is_liveticker,
            }
        return obj

    @staticmethod
    def _stored(obj, name, current):
        return getattr(obj, "stored", {}).get(name, current)

    @admin.display(description=_("Ticker desk"))
    def ticker_desk_link(self, obj):
        slug = self._stored(obj, "slug", obj.slug)
        if obj.pk is None or not slug or not self._stored(obj, "liveticker", obj.is_liveticker):
            return _("Save the article as a live ticker first.")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("articles:ticker-desk", args=[slug]),
            _("Write and manage the entries on the ticker desk"),
        )

    @admin.display(description=_("on the site"))
    def reader_link(self, obj):
        slug = self._stored(obj, "slug", obj.slug)
        if obj.pk is None or not slug:
            return "–"  # an unsaved article has no address yet
        published = self._stored(obj, "published", None)
        if published is None:
            published = obj.is_published()
        label = _("Open article") if published else _("Preview (staff only)")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("articles:detail", kwargs={"slug": slug}),
            label,
        )

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("new_image")
        if upload:
            obj.hero_image = image_create(
                upload=upload,
                alt_text=form.cleaned_data["new_image_alt_text"],
                caption=form.cleaned_data.get("new_image_caption", ""),
                credit=form.cleaned_data.get("new_image_credit", ""),
            )
        article_save(
            article=obj,
            actor=request.user,
            substantial=bool(form.cleaned_data.get("substantial_change")),
            # A time the editor typed into an existing article is deliberate; an untouched
            # one (the draft's creation time) becomes "now" when the draft is published.
            keep_published_at=change and "published_at" in form.changed_data,
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for correction in formset.deleted_objects:
            correction.delete()
        for correction in instances:
            if correction.pk is None:
                correction_add(
                    article=form.instance, text=correction.text, at=correction.created_at
                )
            else:  # fixing a typo in a note is not a new correction
                correction.save()

    def _apply_to_selected(self, request, queryset, service, message):
        articles = list(queryset)
        for article in articles:
            service(article=article, actor=request.user)
        self.message_user(request, message(len(articles)), messages.SUCCESS)

    # --- Markdown preview and version comparison ---------------------------------------
    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{prefix}_preview",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{prefix}_compare",
            ),
            # simple-history's own route uses unnamed groups; the same view with named ones
            # reverses like every other admin URL (the security tests walk them by keyword).
            path(
                "<path:object_id>/history/<int:version_id>/",
                self.admin_site.admin_view(self.history_form_view),
                name=f"{prefix}_simple_history",
            ),
            *(p for p in super().get_urls() if p.name != f"{prefix}_simple_history"),
        ]

    def preview_view(self, request):
        """Render the posted text with the site's renderer, without saving anything.

        The preview button posts the whole article form here (formaction/formtarget), so it
        works without JavaScript and the editor's form stays as typed in its own tab.
        """
        if request.method != "POST":
            raise Http404
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        post = request.POST
        article = Article(
            kicker=post.get("kicker", "")[:80],
            headline=post.get("headline", "")[:200],
            lead=post.get("lead", ""),
            body=post.get("body", ""),
            genre=post.get("genre", Article.Genre.NEWS),
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview: %(headline)s") % {"headline": article.headline or "–"},
            "article": article,
            "body_html": render_markdown(article.body),
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/articles/article/preview.html", context)

    def compare_view(self, request, object_id):
        """Show what changed between two kept versions, field by field, as a word diff."""
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = article.history.all()
        try:
            old_id, new_id = int(request.GET["old"]), int(request.GET["new"])
        except (KeyError, ValueError):
            latest = list(versions.values_list("history_id", flat=True)[:2])
            if len(latest) < 2:
                self.message_user(request, _("There is only one version so far."))
                return self.history_view(request, object_id)
            new_id, old_id = latest
        old = get_object_or_404(versions, history_id=old_id)
        new = get_object_or_404(versions, history_id=new_id)
        if old.history_date > new.history_date:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare versions: %(headline)s") % {"headline": article.headline},
            "object": article,
            "opts": self.opts,
            "old": old,
            "new": new,
            "rows": compare_versions(old, new, fields=COMPARED_FIELDS),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    @admin.action(description=_("Publish selected articles"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._apply_to_selected(
            request,
            queryset,
            article_publish,
            lambda count: (
                ngettext("%(count)d article published.", "%(count)d articles published.", count)
                % {"count": count}
            ),
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        self._apply_to_selected(
            request,
            queryset,
            article_unpublish,
            lambda count: (
                ngettext(
                    "%(count)d article taken offline.", "%(count)d articles taken offline.", count
                )
                % {"count": count}
            ),
        )


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail_column", "alt_text", "credit", "dimensions", "created_at"]
    list_display_links = ["thumbnail_column", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["preview", "dimensions"]
    date_hierarchy = "created_at"

    def get_fields(self, request, obj=None):
        fields = ["file", "alt_text", "caption", "credit"]
        return [*fields, "preview", "dimensions"] if obj else fields

    @admin.display(description=_("preview"))
    def thumbnail_column(self, obj):
        return thumbnail(obj, width=100)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail(obj, width=480)

    @admin.display(description=_("size"))
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}"


@admin.register(Section)
class SectionAdmin(GermanSlugsMedia, MPTTModelAdmin):
    # mptt's change list indents with style="" attributes, which the CSP blocks; Django's
    # own template plus a text indent shows the tree without them.
    change_list_template = "admin/change_list.html"
    list_display = ["indented_name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=Section._meta.get_field("name").verbose_name)
    def indented_name(self, obj):
        return format_html("{}{}", "— " * obj.level, obj.name)


@admin.register(Tag)
class TagAdmin(GermanSlugsMedia, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(GermanSlugsMedia, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # as the form
    form = AuthorAdminForm
    list_display = ["name", "thumbnail_column", "role", "user"]
    list_select_related = ["photo", "user"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]
    # Editors need no access to reader accounts: link one by its id.
    raw_id_fields = ["user"]

    @admin.display(description=_("photo"))
    def thumbnail_column(self, obj):
        return thumbnail(obj.photo, width=48)

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("new_photo")
        if upload:
            obj.photo = image_create(
                upload=upload,
                alt_text=obj.name,
                credit=form.cleaned_data.get("new_photo_credit", ""),
            )
        super().save_model(request, obj, form, change)


@admin.register(SupportBox)
class SupportBoxAdmin(admin.ModelAdmin):
    list_display = ["title", "is_active", "updated_at"]
    list_filter = ["is_active"]
    list_editable = ["is_active"]


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "article"]
    search_fields = ["old_slug", "article__headline"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]


@admin.register(FrontPageSlot)
class FrontPageSlotAdmin(admin.ModelAdmin):
    """The curated top of the front page: position 1 is the lead story.

    Positions are edited in the list (no drag and drop); empty places are filled with the
    newest articles, so the page never has a hole.
    """

    list_display = ["position", "article", "ends_at", "article_status", "article_published_at"]
    list_display_links = ["article"]
    list_editable = ["position", "ends_at"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]
    ordering = ["position"]

    @admin.display(description=_("readers see it"), boolean=True)
    def article_status(self, obj):
        return obj.article.is_published()

    @admin.display(description=_("publish time"))
    def article_published_at(self, obj):
        return obj.article.published_at


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["article", "created_at", "text"]
    list_select_related = ["article"]
    search_fields = ["text", "article__headline"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["article"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
        else:
            correction = correction_add(article=obj.article, text=obj.text, at=obj.created_at)
            obj.pk = correction.pk


@admin.register(TickerEntry)
class TickerEntryAdmin(admin.ModelAdmin):
    """A list to find entries; they are written, changed and deleted on the ticker desk."""

    list_display = ["published_at", "short_text", "article", "status", "is_key", "author",
                    "desk_link"]  # fmt: skip
    list_filter = ["status", "is_key"]
    list_select_related = ["article", "author"]
    search_fields = ["body", "article__headline"]
    date_hierarchy = "published_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a deleted entry must reach open pages: the desk deletes it

    @admin.display(description=_("Text"))
    def short_text(self, obj):
        return str(obj)

    @admin.display(description=_("Ticker desk"))
    def desk_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("articles:ticker-entry-edit", args=[obj.article.slug, obj.pk]),
            _("Edit entry"),
        )


@admin.register(FormerSlug)
class FormerSlugAdmin(admin.ModelAdmin):
    """Old addresses of sections, topics and authors that redirect (301) to the current one."""

    list_display = ["old_slug", "kind", "object_id", "created_at"]
    list_filter = ["kind"]
    search_fields = ["old_slug"]
