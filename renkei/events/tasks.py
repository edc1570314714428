"""Background work of events: the organiser's emails to registrants, reminders the day before."""

from django_tasks import task

from renkei.events.registration import (
    event_cancellation_deliver,
    registrants_email_deliver,
    registration_emails_deliver,
    reminders_send,
)


@task()
def registrants_email_send(*, event_id: int, subject: str, body: str, statuses: list[str]) -> int:
    """Write the organiser's message to each registrant of the event with one of ``statuses``."""
    return registrants_email_deliver(event_id=event_id, subject=subject, body=body, statuses=statuses)


@task()
def event_reminders_send() -> int:
    """Remind confirmed registrants of tomorrow's events (run daily; each person is reminded once)."""
    return reminders_send()


@task()
def event_cancellation_send(*, event_id: int, message: str) -> int:
    """Tell everyone registered or waiting for a cancelled event, with the organiser's message."""
    return event_cancellation_deliver(event_id=event_id, message=message)


@task()
def registration_emails_send(*, registered: list[int], promoted: list[int], cancelled: int | None = None) -> None:
    """The emails of a registration, a cancellation and the waiting list moving up, with their .ics."""
    registration_emails_deliver(registered=registered, promoted=promoted, cancelled=cancelled)
