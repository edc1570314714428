from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from renkei.matching import indexing, services
from renkei.matching.models import (
    Dismissal,
    Introduction,
    IntroductionMessage,
    Need,
    Offer,
    Programme,
    ProgrammeAnnouncement,
    ProgrammeTarget,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["name_ja", "name_en", "slug", "keywords_ja", "keywords_en"]
    ordering = ["order", "id"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The engine reads the taxonomy from the cache: a new keyword counts from now on.
        indexing.taxonomy_changed()


class _Reindexed:
    """Edits made here reach suggestions and search as the pages' edits do."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        services.object_reindex(obj=form.instance)


@admin.register(Need)
class NeedAdmin(_Reindexed, SimpleHistoryAdmin):
    list_display = ["title", "organisation", "visibility", "status", "scale", "timeline", "created_at"]
    list_filter = ["status", "visibility", "scale", "timeline", "is_demo", "themes"]
    search_fields = ["title", "description", "organisation__name_ja", "organisation__name_en"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "author"]
    filter_horizontal = ["themes"]
    date_hierarchy = "created_at"


@admin.register(Offer)
class OfferAdmin(_Reindexed, SimpleHistoryAdmin):
    list_display = ["title", "organisation", "status", "scale", "created_at"]
    list_filter = ["status", "scale", "is_demo", "organisation__kind", "themes"]
    search_fields = ["title", "description", "examples", "organisation__name_ja", "organisation__name_en"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "author", "prefectures"]
    filter_horizontal = ["themes"]
    date_hierarchy = "created_at"


@admin.register(Programme)
class ProgrammeAdmin(_Reindexed, SimpleHistoryAdmin):
    list_display = ["title", "agency", "organisation", "network", "visibility", "is_draft", "deadline", "published_at"]
    list_filter = ["is_draft", "visibility", "network", "agency", "is_demo"]
    search_fields = ["title", "agency", "description", "organisation__name_ja", "organisation__name_en"]
    list_select_related = ["organisation", "network"]
    raw_id_fields = ["organisation", "author", "target_prefectures"]
    filter_horizontal = ["themes", "target_tiers"]
    # Publishing relays and announces: that is the page's Publish button (programme_publish).
    readonly_fields = ["is_draft", "published_at"]
    date_hierarchy = "created_at"


@admin.register(ProgrammeTarget)
class ProgrammeTargetAdmin(admin.ModelAdmin):
    list_display = ["organisation", "programme", "status", "read_at", "status_at", "reminded_at"]
    list_filter = ["status", "programme__network"]
    search_fields = ["organisation__name_ja", "organisation__name_en", "programme__title"]
    list_select_related = ["organisation", "programme"]
    raw_id_fields = ["programme", "organisation"]


@admin.register(ProgrammeAnnouncement)
class ProgrammeAnnouncementAdmin(admin.ModelAdmin):
    list_display = ["programme", "organisation", "recipients", "sent_at"]
    search_fields = ["organisation__name_ja", "organisation__name_en", "programme__title"]
    list_select_related = ["organisation", "programme"]
    raw_id_fields = ["programme", "organisation"]
    date_hierarchy = "sent_at"


class IntroductionMessageInline(admin.TabularInline):
    model = IntroductionMessage
    extra = 0
    raw_id_fields = ["author", "organisation"]


@admin.register(Introduction)
class IntroductionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "outcome", "created_at", "decided_at"]
    list_filter = ["status", "outcome"]
    search_fields = ["requester__name_ja", "requester__name_en", "recipient__name_ja", "recipient__name_en", "message"]
    list_select_related = ["requester", "recipient"]
    raw_id_fields = [
        "requester",
        "recipient",
        "requested_by",
        "need",
        "offer",
        "partner_need",
        "decided_by",
        "outcome_recorded_by",
    ]
    date_hierarchy = "created_at"
    inlines = [IntroductionMessageInline]


@admin.register(Dismissal)
class DismissalAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "object_id", "dismissed_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["organisation__name_ja", "organisation__name_en"]
    list_select_related = ["organisation", "dismissed_by"]
    raw_id_fields = ["organisation", "dismissed_by"]
