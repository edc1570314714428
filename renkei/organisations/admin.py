from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from renkei.organisations.models import ConfirmationRequest, Contact, Invitation, Organisation, Staff


class StaffInline(admin.TabularInline):
    model = Staff
    extra = 0
    raw_id_fields = ["user"]


# Not the tabbed admin: it loads jQuery UI from ajax.googleapis.com, and pages load nothing from other hosts.
@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["name", "kind", "prefecture", "local_government"]
    list_filter = ["kind"]
    search_fields = ["name_ja", "name_en", "name_kana", "local_government__code"]
    raw_id_fields = ["local_government", "overseas_government", "prefecture"]
    inlines = [StaffInline]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["person_name", "organisation", "department", "email", "is_primary", "owner", "last_confirmed_on"]
    list_filter = ["is_primary"]
    search_fields = ["person_name", "person_name_kana", "email", "organisation__name_ja"]
    raw_id_fields = ["organisation", "owner"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email", "organisation__name_ja"]
    raw_id_fields = ["organisation", "invited_by"]
    filter_horizontal = ["contacts"]
    readonly_fields = ["token", "accepted_at"]


@admin.register(ConfirmationRequest)
class ConfirmationRequestAdmin(admin.ModelAdmin):
    list_display = ["owner", "fiscal_year", "sent_at"]
    raw_id_fields = ["owner"]
