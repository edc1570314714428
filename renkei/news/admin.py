from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from renkei.news.models import Article, Bounce, Delivery, Issue, Subscriber, Unsubscribe
from renkei.news.sending import bounces_record


@admin.register(Article)
class ArticleAdmin(TranslationAdmin):
    list_display = ("title", "network", "kind", "visibility", "published_at")
    list_filter = ("network", "kind", "visibility")
    raw_id_fields = ("event", "created_by")
    search_fields = ("title_ja", "title_en")


@admin.register(Issue)
class IssueAdmin(TranslationAdmin):
    list_display = ("title", "network", "status", "sent_at")
    list_filter = ("network", "status")


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "network", "status", "language", "confirmed_at")
    list_filter = ("network", "status")
    search_fields = ("email",)


@admin.register(Unsubscribe)
class UnsubscribeAdmin(admin.ModelAdmin):
    list_display = ("email", "network", "created_at")
    search_fields = ("email",)


@admin.register(Bounce)
class BounceAdmin(admin.ModelAdmin):
    list_display = ("email", "count", "last_bounced_at", "reason")
    search_fields = ("email",)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("email", "issue", "status", "sent_at")
    list_filter = ("status",)
    search_fields = ("email",)
    raw_id_fields = ("issue",)
    actions = ["mark_bounced"]

    @admin.action(description=_("Record these addresses as bounced"))
    def mark_bounced(self, request, queryset):
        count = bounces_record(emails=queryset.values_list("email", flat=True), reason="admin")
        self.message_user(request, _("%(count)d addresses recorded as bounced.") % {"count": count}, messages.SUCCESS)
