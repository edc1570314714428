"""Background work of matching (django-tasks)."""

from django_tasks import task


@task()
def send_programme_reminders(*, programme_id: int, target_ids: list[int]) -> int:
    from renkei.matching.services import programme_reminders_send

    return programme_reminders_send(programme_id=programme_id, target_ids=target_ids)


@task()
def send_programme_announcements(*, programme_id: int) -> int:
    from renkei.matching.services import programme_announcements_send

    return programme_announcements_send(programme_id=programme_id)
