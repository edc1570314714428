from modeltranslation.translator import TranslationOptions, register

from renkei.networks.models import Network, NetworkFigure, Officer, Theme, Tier


@register(Network)
class NetworkTranslation(TranslationOptions):
    fields = ("name", "short_name", "description")


@register(Tier)
class TierTranslation(TranslationOptions):
    fields = ("name",)


@register(NetworkFigure)
class NetworkFigureTranslation(TranslationOptions):
    fields = ("label", "unit")


@register(Officer)
class OfficerTranslation(TranslationOptions):
    fields = ("person_name", "title")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)
