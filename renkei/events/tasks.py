"""Background work of events: the organiser's emails to registrants, reminders the day before."""

from django_tasks import task

from renkei.events.registration import registrants_email_deliver, reminders_send


@task()
def registrants_email_send(*, event_id: int, subject: str, body: str, statuses: list[str]) -> int:
    """Write the organiser's message to each registrant of the event with one of ``statuses``."""
    return registrants_email_deliver(event_id=event_id, subject=subject, body=body, statuses=statuses)


@task()
def event_reminders_send() -> int:
    """Remind confirmed registrants of tomorrow's events (run daily; each person is reminded once)."""
    return reminders_send()
