"""Keep each event's cached page parts current: any change to the event or what hangs on it forgets its version."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from renkei.events.models import (
    COUNT_FIELDS,
    Event,
    Participant,
    ProgrammePart,
    Registration,
    RegistrationQuestion,
    Series,
    SessionQuestion,
    SessionQuestionVote,
    Speaker,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)
from renkei.events.versions import event_changed
from renkei.lib.worklists import work_changed
from renkei.search.services import search_remove


@receiver([post_save, post_delete], sender=Event)
def forget_event(sender, instance: Event, update_fields=None, **kwargs) -> None:
    # Saving only the seat counts (every registration does) is a change of the organiser's page
    # too, but not of the row that registering reads.
    event_changed(instance.pk, row=not (update_fields and set(update_fields) <= COUNT_FIELDS))


@receiver(post_delete, sender=Event)
def remove_from_search(sender, instance: Event, **kwargs) -> None:
    # However it is deleted (the admin, a network's deletion), it is found no more.
    search_remove(obj=instance)


@receiver([post_save, post_delete], sender=ProgrammePart)
@receiver([post_save, post_delete], sender=Participant)
@receiver([post_save, post_delete], sender=RegistrationQuestion)
@receiver([post_save, post_delete], sender=Survey)
def forget_event_part(sender, instance, **kwargs) -> None:
    event_changed(instance.event_id)


@receiver([post_save, post_delete], sender=Survey)
def survey_opened(sender, instance: Survey, **kwargs) -> None:
    # Who is asked to answer sees it on their home.
    registrants = Registration.objects.filter(event_id=instance.event_id, user__isnull=False)
    work_changed(users=registrants.values_list("user_id", flat=True))


@receiver([post_save, post_delete], sender=Registration)
def ticket_changed(sender, instance: Registration, **kwargs) -> None:
    work_changed(users=[instance.user_id])


@receiver([post_save, post_delete], sender=Registration)
@receiver([post_save, post_delete], sender=SessionQuestion)
def forget_event_activity(sender, instance, **kwargs) -> None:
    # What people do at an event shows on its pages; the event's own row stays as it was.
    event_changed(instance.event_id, row=False)


def _event_of(instance, parent: str, model) -> int | None:
    cached = instance._state.fields_cache.get(parent)
    if cached is not None:
        return cached.event_id
    return model.objects.filter(pk=getattr(instance, f"{parent}_id")).values_list("event_id", flat=True).first()


@receiver([post_save, post_delete], sender=Speaker)
def forget_speaker(sender, instance: Speaker, **kwargs) -> None:
    event_changed(_event_of(instance, "part", ProgrammePart))


@receiver([post_save, post_delete], sender=SessionQuestionVote)
def forget_vote(sender, instance: SessionQuestionVote, **kwargs) -> None:
    event_changed(_event_of(instance, "question", SessionQuestion), row=False)


@receiver([post_save, post_delete], sender=SurveyQuestion)
@receiver([post_save, post_delete], sender=SurveyResponse)
def forget_survey_part(sender, instance, **kwargs) -> None:
    event_changed(_event_of(instance, "survey", Survey))


@receiver(m2m_changed, sender=Event.themes.through)
def forget_event_themes(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Event):
        event_changed(instance.pk)
    else:
        for event_id in pk_set or ():
            event_changed(event_id)


@receiver([post_save, post_delete], sender=Series)
def forget_series_events(sender, instance: Series, **kwargs) -> None:
    # An episode's page shows its series' name.
    for event_id in Event.objects.filter(series=instance).values_list("id", flat=True):
        event_changed(event_id)
