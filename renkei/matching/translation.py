from modeltranslation.translator import TranslationOptions, register

from renkei.matching.models import Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "keywords")
