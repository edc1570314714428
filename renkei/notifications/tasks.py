"""Background work of notifications (django-tasks): emails, the fan-out of a new post, digests."""

from django_tasks import task

from renkei.notifications import services


@task()
def email_notifications(*, notification_ids: list[int]) -> int:
    return services.notifications_email(notification_ids=notification_ids)


@task()
def fan_out_post(*, post_id: int) -> int:
    return services.post_fan_out(post_id=post_id)


@task()
def send_digests() -> int:
    return services.digests_send()
