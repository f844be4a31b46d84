from django.contrib import admin, messages
from django.core.files.storage import default_storage
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from mptt.admin import MPTTModelAdmin, TreeRelatedFieldListFilter

from articles.forms import ArticleAdminForm, AuthorAdminForm, ImageAdminForm
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Image,
    Section,
    SlugRedirect,
    SupportBox,
    Tag,
)
from articles.services import article_publish, article_save, article_unpublish, image_create


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
    verbose_name = _("author")
    verbose_name_plural = _("byline (in order)")


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
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [ArticleAuthorInline, SlugRedirectInline]
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
    readonly_fields = ["hero_preview", "reader_link", "created_at", "updated_at"]
    actions = ["publish_selected", "unpublish_selected"]
    save_on_top = True
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "slug", "lead", "body", "genre"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "section",
                    "tags",
                    "comments_open",
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
        (_("On the site"), {"fields": ["reader_link", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_bylines()

    @admin.display(description=_("image"))
    def thumbnail_column(self, obj):
        return thumbnail(obj.hero_image, width=80)

    @admin.display(description=_("hero image preview"))
    def hero_preview(self, obj):
        return thumbnail(obj.hero_image, width=320) if obj.pk else "–"

    @admin.display(description=_("authors"))
    def authors_column(self, obj):
        return ", ".join(b.author.name for b in obj.bylines.all())

    @admin.display(description=_("readers see it"), boolean=True)
    def visibility(self, obj):
        return obj.is_published()

    @admin.display(description=_("on the site"))
    def reader_link(self, obj):
        if obj.pk is None:
            return "–"
        label = _("Open article") if obj.is_published() else _("Preview (staff only)")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label
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
        article_save(article=obj)

    def _apply_to_selected(self, request, queryset, service, message):
        articles = list(queryset)
        for article in articles:
            service(article=article)
        self.message_user(request, message(len(articles)), messages.SUCCESS)

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
class SectionAdmin(MPTTModelAdmin):
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
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
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
