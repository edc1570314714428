from modeltranslation.translator import TranslationOptions, register

from renkei.board.models import Category


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)
