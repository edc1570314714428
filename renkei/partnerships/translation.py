from modeltranslation.translator import TranslationOptions, register

from renkei.partnerships.models import Activity, PartnerProfile, Partnership


@register(Partnership)
class PartnershipTranslation(TranslationOptions):
    fields = ("description",)


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("title", "place", "description")


@register(PartnerProfile)
class PartnerProfileTranslation(TranslationOptions):
    fields = ("overview", "conditions", "pr_text")
