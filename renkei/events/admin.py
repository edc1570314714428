from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from renkei.events.models import Event, Participant, ProgrammePart, RegistrationQuestion, Series, Speaker


@admin.register(Series)
class SeriesAdmin(TranslationAdmin):
    list_display = ["name", "network", "numbered_by_fiscal_year"]
    list_filter = ["network", "numbered_by_fiscal_year"]
    search_fields = ["name_ja", "name_en"]


class ProgrammePartInline(TranslationStackedInline):
    model = ProgrammePart
    extra = 0
    show_change_link = True


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    raw_id_fields = ["local_government", "overseas_government", "organisation"]


class RegistrationQuestionInline(TranslationTabularInline):
    model = RegistrationQuestion
    extra = 0


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ["title", "network", "kind", "starts_at", "format", "visibility", "status", "confirmed_count"]
    list_filter = ["network", "kind", "format", "visibility", "status"]
    search_fields = ["title_ja", "title_en"]
    list_select_related = ["network"]
    raw_id_fields = ["series", "created_by"]
    readonly_fields = ["fiscal_year", "confirmed_count", "waitlisted_count"]
    date_hierarchy = "starts_at"
    inlines = [ProgrammePartInline, ParticipantInline, RegistrationQuestionInline]


class SpeakerInline(TranslationTabularInline):
    model = Speaker
    extra = 0
    raw_id_fields = ["organisation", "local_government"]


@admin.register(ProgrammePart)
class ProgrammePartAdmin(TranslationAdmin):
    list_display = ["title", "event", "order", "starts_at"]
    list_select_related = ["event"]
    raw_id_fields = ["event"]
    inlines = [SpeakerInline]
