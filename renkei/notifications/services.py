"""Creating notifications."""

from collections.abc import Iterable

from renkei.notifications.models import Notification


def notify(*, recipients: Iterable, kind: str, title: str, url: str, actor_organisation=None, network=None) -> int:
    """Tell each of ``recipients`` (users) that ``kind`` happened about ``title`` at ``url``.

    Returns how many notifications were created.
    """
    notifications = [
        Notification(
            recipient=recipient,
            kind=kind,
            title=title[:200],
            url=url,
            actor_organisation=actor_organisation,
            network=network,
        )
        for recipient in {user.pk: user for user in recipients}.values()
    ]
    Notification.objects.bulk_create(notifications, batch_size=1000)
    return len(notifications)
