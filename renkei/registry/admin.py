from django.contrib import admin

from renkei.registry.models import LocalGovernment, OverseasGovernment


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(admin.ModelAdmin):
    """Read-mostly: the registry is loaded from data files (registry_load), so rows are not
    added or deleted by hand; only the English name and location may be corrected here."""

    list_display = ["code", "name", "name_kana", "name_en", "kind", "prefecture", "region"]
    list_filter = ["kind", "region", "prefecture"]
    search_fields = ["code", "name", "name_kana", "name_en", "search_text"]
    ordering = ["code"]
    list_select_related = ["prefecture"]
    readonly_fields = ["code", "name", "name_kana", "kind", "prefecture", "region"]
    fields = ["code", "name", "name_kana", "name_en", "kind", "prefecture", "region", "lat", "lng"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        # The site's own search: kana in either script or width and romaji find the same rows.
        if not search_term:
            return queryset, False
        return queryset.search(search_term), False

    def save_model(self, request, obj, form, change):
        obj.search_text = obj.build_search_text()
        super().save_model(request, obj, form, change)


@admin.register(OverseasGovernment)
class OverseasGovernmentAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name", "country", "level", "parent"]
    list_filter = ["country", "level"]
    search_fields = ["name", "name_en", "name_kana"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
