"""Background work of notifications (django-tasks): emails and digests."""

from django_tasks import task

from renkei.notifications import services


@task()
def email_notifications(*, notification_ids: list[int]) -> int:
    return services.notifications_email(notification_ids=notification_ids)


@task()
def send_digests() -> int:
    return services.digests_send()
