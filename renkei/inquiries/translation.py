from modeltranslation.translator import TranslationOptions, register

from renkei.inquiries.models import PrivacyPolicy


@register(PrivacyPolicy)
class PrivacyPolicyTranslation(TranslationOptions):
    fields = ("body",)
