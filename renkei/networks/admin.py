from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from renkei.networks.models import Application, ImportJob, Invoice, Membership, Network, NetworkFigure, Officer, Tier


class TierInline(TranslationTabularInline):
    model = Tier
    extra = 0


class NetworkFigureInline(TranslationTabularInline):
    model = NetworkFigure
    extra = 0


class OfficerInline(TranslationTabularInline):
    model = Officer
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Network)
class NetworkAdmin(TranslationAdmin):
    list_display = ["name", "slug", "kind", "secretariat", "accepts_applications"]
    list_filter = ["kind", "accepts_applications"]
    search_fields = ["name_ja", "name_en", "slug"]
    autocomplete_fields = ["secretariat"]
    inlines = [TierInline, NetworkFigureInline, OfficerInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "network", "tier", "status", "joined_on", "left_on"]
    list_filter = ["network", "status", "tier", "organisation__kind", "organisation__prefecture"]
    search_fields = ["organisation__name_ja", "organisation__name_en", "organisation__name_kana"]
    list_select_related = ["organisation", "network", "tier"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "joined_on"


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation_kind", "contact_name", "email", "status", "created_at"]
    list_filter = ["network", "status", "organisation_kind"]
    search_fields = ["organisation_name", "local_government__name", "contact_name", "email"]
    list_select_related = ["network", "local_government__prefecture"]
    raw_id_fields = ["local_government", "membership"]
    readonly_fields = ["decided_at", "decided_by"]


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ["number", "membership", "fiscal_year", "amount", "issued_on", "due_on", "paid_on"]
    list_filter = ["membership__network", "fiscal_year", ("paid_on", admin.EmptyFieldListFilter)]
    search_fields = ["number", "membership__organisation__name_ja", "membership__organisation__name_en"]
    list_select_related = ["membership__organisation", "membership__network"]
    raw_id_fields = ["membership"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "network", "status", "done_rows", "total_rows", "created_by", "created_at"]
    list_filter = ["network", "status"]
    readonly_fields = ["errors", "started_at", "finished_at"]
