from modeltranslation.translator import TranslationOptions, register

from renkei.organisations.models import Organisation


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name",)
