from django.contrib import admin

from articles.pages.models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    readonly_fields = ["updated_at"]
    fields = ["slug", "title", "body", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # The address of an existing page is linked from every footer: it stays.
        return [*self.readonly_fields, "slug"] if obj is not None else self.readonly_fields
