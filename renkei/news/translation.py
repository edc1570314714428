from modeltranslation.translator import TranslationOptions, register

from renkei.news.models import Article, Issue, Photo


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "lead_alt", "lead_caption")


@register(Photo)
class PhotoTranslation(TranslationOptions):
    fields = ("alt", "caption")


@register(Issue)
class IssueTranslation(TranslationOptions):
    fields = ("title", "introduction")
