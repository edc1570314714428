from modeltranslation.translator import TranslationOptions, register

from renkei.events.models import Event, ProgrammePart, RegistrationQuestion, Series, Speaker, Survey, SurveyQuestion


@register(Series)
class SeriesTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "organiser_name", "venue", "fee")


@register(ProgrammePart)
class ProgrammePartTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("person_name", "title")


@register(RegistrationQuestion)
class RegistrationQuestionTranslation(TranslationOptions):
    fields = ("label",)


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title",)


@register(SurveyQuestion)
class SurveyQuestionTranslation(TranslationOptions):
    fields = ("label",)
