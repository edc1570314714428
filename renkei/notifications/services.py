"""Creating and delivering notifications; follows and delivery settings."""

import queue
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection, transaction
from django.db.models import BigIntegerField, CharField, DateTimeField, F, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.lib.mail import send_and_record, send_each
from renkei.lib.tasks import run_by_workers
from renkei.lib.worklists import work_changed
from renkei.networks.models import Network
from renkei.notifications import emails
from renkei.notifications.models import Delivery, Follow, Kind, Notification, Preference
from renkei.organisations.models import Organisation
from renkei.registry.models import LocalGovernment

BATCH = 1000
# Emails are built and sent in batches of this many: small enough that a task's first emails
# leave soon and each next batch is built while the one before is being sent.
EMAIL_BATCH = 125
# A post's emails are shared among the task workers in tasks of this many (four batches each).
EMAIL_TASK_SIZE = 500
# Fewer emails than this are not worth another connection's handshake.
EMAIL_PER_CONNECTION_MIN = 10
# The digest looks this far back: a day's run plus slack for a missed run or two.
DIGEST_WINDOW = timedelta(days=7)


def _notifications_create(*, recipient_ids: Iterable[int], kind, title, url, actor_organisation, network) -> list[int]:
    now = timezone.now()
    notifications = [
        Notification(
            recipient_id=pk,
            kind=kind,
            title=title[:200],
            url=url,
            actor_organisation=actor_organisation,
            network=network,
            created_at=now,
        )
        for pk in dict.fromkeys(recipient_ids)
    ]
    Notification.objects.bulk_create(notifications, batch_size=BATCH)
    work_changed(users=[n.recipient_id for n in notifications])
    return [n.pk for n in notifications]


def _notifications_insert(*, recipients, kind, title, url, actor_organisation, network) -> list[int]:
    """Create a notification for each of ``recipients`` (a User queryset) in one INSERT … SELECT.

    For a post's thousands of followers: the rows never pass through Python, a tenth of the
    cost of bulk_create. Returns the new notifications' ids.
    """
    values = {
        "recipient": F("pk"),
        "kind": Value(kind, output_field=CharField()),
        "title": Value(title[:200], output_field=CharField()),
        "url": Value(url, output_field=CharField()),
        "actor_organisation": Value(getattr(actor_organisation, "pk", None), output_field=BigIntegerField()),
        "network": Value(getattr(network, "pk", None), output_field=BigIntegerField()),
        "created_at": Value(timezone.now(), output_field=DateTimeField()),
    }
    # Aliased so that no annotation shadows a User field; selected in the order of the columns.
    rows = recipients.order_by().annotate(**{f"n_{name}": value for name, value in values.items()})
    select, params = rows.values_list(*(f"n_{name}" for name in values)).distinct().query.sql_with_params()
    meta, quote = Notification._meta, connection.ops.quote_name
    fields = {field.name: field for field in meta.concrete_fields}
    columns = ", ".join(quote(fields[name].get_attname_column()[1]) for name in values)
    primary_key = quote(fields[meta.pk.name].get_attname_column()[1])
    recipient = quote(fields["recipient"].get_attname_column()[1])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} ({columns}) {select} RETURNING {primary_key}, {recipient}", params
        )
        rows = cursor.fetchall()
    work_changed(users=[recipient_id for _pk, recipient_id in rows])
    return [pk for pk, _recipient_id in rows]


def _immediate(notification_ids: list[int]) -> list[int]:
    """Which of these notifications their recipients want by email right away (one query per batch)."""
    immediate: list[int] = []
    for start in range(0, len(notification_ids), BATCH):
        batch = notification_ids[start : start + BATCH]
        immediate += (
            Notification.objects.filter(pk__in=batch).delivered_by(Delivery.IMMEDIATE).values_list("pk", flat=True)
        )
    return immediate


def notify(*, recipients: Iterable, kind: str, title: str, url: str, actor_organisation=None, network=None) -> int:
    """Tell each of ``recipients`` (users) that ``kind`` happened about ``title`` at ``url``.

    Creates the notifications in bulk; those whose recipient wants this kind immediately are
    emailed by a background task, so the caller never waits for a mail server.
    Returns how many notifications were created.
    """
    from renkei.notifications.tasks import email_notifications

    ids = _notifications_create(
        recipient_ids=[user.pk for user in recipients],
        kind=kind,
        title=title,
        url=url,
        actor_organisation=actor_organisation,
        network=network,
    )
    immediate = _immediate(ids)
    if immediate:
        email_notifications.enqueue(notification_ids=immediate)
    return len(ids)


def notifications_email(*, notification_ids: list[int]) -> int:
    """Email these notifications, each in its recipient's language, over several connections at once.

    Each batch is loaded and built here while the one before is being sent. A notification is
    marked emailed as soon as the server accepted its email (``_Marks``): a worker killed at
    any moment leaves at most the email each connection was finishing unmarked, and a rerun
    sends only the unmarked ones. If sending fails, the first failure is raised once what was
    accepted is marked. Returns how many emails were sent.
    """
    sent = 0
    marks = _Marks()
    with ExitStack() as stack:
        connections = _email_connections()
        for mail_connection in connections:
            stack.callback(mail_connection.close)
        # Exited before the connections are closed: no thread is sending by then.
        pool = stack.enter_context(ThreadPoolExecutor(len(connections), thread_name_prefix="notification-email"))
        # And before that, the threads are told nobody marks their emails any more: they stop.
        stack.callback(marks.close)
        sending = None
        try:
            for batch in _email_batches(notification_ids):
                if sending is not None:
                    done, sending = sending, None
                    sent += _sent_marked(done, marks)
                sending = _send_submit(pool, connections, marks, *batch)
        finally:
            if sending is not None:
                sent += _sent_marked(sending, marks)
    return sent


class _Marks:
    """Marks notifications emailed, in the thread that holds the database, as the sending threads report them.

    A sending thread hands over each notification whose email the server accepted and waits
    until it is marked before sending the next, so the database never lags behind the mail
    server by more than one email per connection.
    """

    def __init__(self) -> None:
        self.accepted: queue.SimpleQueue = queue.SimpleQueue()
        self.closed = threading.Event()

    def reporter(self, notifications: list):
        """What a sending thread calls with the index of each email the server accepted."""

        def accepted(index: int) -> None:
            marked = threading.Event()
            self.accepted.put((notifications[index].pk, marked))
            while not marked.wait(0.2):
                if self.closed.is_set():
                    raise RuntimeError("Nobody marks the emails sent any more: stop sending.")

        return accepted

    def serve(self, futures: list[Future]) -> None:
        """Mark each reported notification until every one of ``futures`` is done."""
        while True:
            try:
                reported = [self.accepted.get(timeout=0.02)]
            except queue.Empty:
                # A thread finishes only once its last email was marked: nothing is left behind.
                if all(future.done() for future in futures):
                    return
                continue
            # Whatever the other threads reported meanwhile is marked by the same statement.
            while True:
                try:
                    reported.append(self.accepted.get_nowait())
                except queue.Empty:
                    break
            Notification.objects.filter(pk__in=[pk for pk, _marked in reported]).update(emailed_at=timezone.now())
            for _pk, marked in reported:
                marked.set()

    def close(self) -> None:
        self.closed.set()


def _email_connections() -> list:
    """The mail connections to send over, none of them open yet (each opens on its first email)."""
    first = get_connection()
    # Only a mail server's round trips gain from sending in parallel; the others keep their order.
    count = settings.NOTIFICATION_EMAIL_CONNECTIONS if isinstance(first, SMTPBackend) else 1
    return [first, *(get_connection() for _ in range(max(count, 1) - 1))]


def _email_batches(notification_ids: list[int]):
    """(notifications, emails) for each batch of those not emailed yet."""
    for start in range(0, len(notification_ids), EMAIL_BATCH):
        batch = list(
            Notification.objects.filter(pk__in=notification_ids[start : start + EMAIL_BATCH], emailed_at=None)
            .select_related("recipient")
            .only("kind", "title", "url", "actor_organisation_id", "network_id", *emails.RECIPIENT_FIELDS)
            .order_by("pk")
        )
        if batch:
            _share_related(batch)
            yield batch, emails.notification_messages(batch)


def _send_submit(pool: ThreadPoolExecutor, connections: list, marks: _Marks, notifications: list, messages) -> list:
    """Share a batch's emails among the connections; returns the future of each share."""
    shares = max(1, min(len(connections), len(messages) // EMAIL_PER_CONNECTION_MIN))
    size = -(-len(messages) // shares)
    return [
        pool.submit(
            send_each,
            mail_connection,
            messages[start : start + size],
            marks.reporter(notifications[start : start + size]),
        )
        for mail_connection, start in zip(connections, range(0, len(messages), size), strict=False)
    ]


def _sent_marked(sending: list[Future], marks: _Marks) -> int:
    """Mark a batch's emails as they go through until every share is done; raise any failure."""
    marks.serve(sending)
    sent, failure = 0, None
    for future in sending:
        _done, count, error = future.result()
        sent += count
        failure = failure or error
    if failure is not None:
        raise failure
    return sent


def _share_related(notifications) -> None:
    """Give the notifications their organisation and network, one instance of each for all of them.

    A post's fan-out names the same organisation and network thousands of times: loading them
    once keeps the batch's rows small.
    """
    organisations = Organisation.objects.in_bulk({n.actor_organisation_id for n in notifications} - {None})
    networks = Network.objects.in_bulk({n.network_id for n in notifications} - {None})
    for notification in notifications:
        notification.actor_organisation = organisations.get(notification.actor_organisation_id)
        notification.network = networks.get(notification.network_id)


def deliver(*, recipients, kind: str, title: str, url: str, actor_organisation=None, network=None) -> int:
    """Tell everyone in ``recipients`` (a User queryset, thousands at a time) that ``kind`` happened.

    What a fan-out run in the background calls once its app has picked the recipients (a new
    post's followers: board.notifications). The notifications are created in one statement; the
    emails of those who want this kind at once are shared among the task workers, in tasks of
    EMAIL_TASK_SIZE, so that several workers send a large fan-out together; the others wait for
    the daily digest or the bell. Returns how many notifications were created.
    """
    from renkei.notifications.tasks import email_notifications

    by_workers = run_by_workers(email_notifications)
    with transaction.atomic():
        # Run again (its worker died), a fan-out leaves out whoever it already told; its email
        # tasks were queued with its notifications, in this one transaction, or not at all.
        told = Notification.objects.filter(kind=kind, url=url).values("recipient_id")
        ids = _notifications_insert(
            recipients=recipients.exclude(pk__in=told),
            kind=kind,
            title=title,
            url=url,
            actor_organisation=actor_organisation,
            network=network,
        )
        immediate = _immediate(ids)
        if by_workers:
            for start in range(0, len(immediate), EMAIL_TASK_SIZE):
                email_notifications.enqueue(notification_ids=immediate[start : start + EMAIL_TASK_SIZE])
    if not by_workers:
        # A backend that runs a task at once would do them one after another anyway, and keep
        # a failure to itself: sent here, a failure is the fan-out's own.
        notifications_email(notification_ids=immediate)
    return len(ids)


def digests_send(*, now=None) -> int:
    """Send each person one email with what they get in the daily digest and have not had yet.

    Nobody gets an email when nothing happened; what was sent is marked, so a second run the
    same day sends nothing. Returns how many digests were sent.
    """
    now = now or timezone.now()
    pending = (
        Notification.objects.filter(digested_at=None, emailed_at=None, created_at__gte=now - DIGEST_WINDOW)
        .delivered_by(Delivery.DIGEST)
        .select_related("recipient", "actor_organisation", "network")
        .order_by("recipient_id", "kind", "network_id", "-created_at", "-id")
    )
    recipient_ids = sorted(set(pending.order_by().values_list("recipient_id", flat=True)))

    def digested(emailed: list[list[int]]) -> None:
        Notification.objects.filter(pk__in=[pk for ids in emailed for pk in ids]).update(digested_at=now)

    sent = 0
    mail_connection = get_connection()
    try:
        for start in range(0, len(recipient_ids), EMAIL_BATCH):
            people: dict = {}
            for notification in pending.filter(recipient_id__in=recipient_ids[start : start + EMAIL_BATCH]):
                people.setdefault(notification.recipient_id, (notification.recipient, []))[1].append(notification)
            digests = [
                ([n.pk for n in notifications], emails.digest_message(user, notifications))
                for user, notifications in people.values()
            ]
            sent += send_and_record(mail_connection, digests, digested)
    finally:
        mail_connection.close()
    return sent


def _target(target: str, obj) -> dict:
    if target not in Follow.TARGETS:
        raise ValidationError(_("This cannot be followed."), code="invalid")
    if target == "prefecture" and getattr(obj, "kind", None) != LocalGovernment.Kind.PREFECTURE:
        raise ValidationError(_("Choose a prefecture."), code="invalid")
    return {target: obj}


@transaction.atomic
def follow_create(*, user, target: str, obj) -> Follow:
    """Follow a network, a board category, a theme or a prefecture (following twice is one follow)."""
    follow, _created = Follow.objects.get_or_create(user=user, **_target(target, obj))
    return follow


@transaction.atomic
def follow_delete(*, user, target: str, obj) -> None:
    """Stop following what ``follow_create`` followed."""
    Follow.objects.filter(user=user, **_target(target, obj)).delete()


@transaction.atomic
def preferences_update(*, user, deliveries: dict) -> None:
    """Set how each kind of notification reaches ``user``: {kind: delivery}."""
    for kind, delivery in deliveries.items():
        if kind not in Kind.values or delivery not in Delivery.values:
            raise ValidationError(_("Choose how to receive each kind of notification."), code="invalid")
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})


@transaction.atomic
def unsubscribe(*, token: str):
    """Switch the kinds a signed email link names to in-app only, for the person it names.

    Raises ValidationError, changing nothing, when the link was altered or names nobody.
    Returns (user, kinds).
    """
    from django.contrib.auth import get_user_model

    try:
        user_pk, kinds = emails.read_unsubscribe_token(token)
    except signing.BadSignature:
        raise ValidationError(_("This unsubscribe link is not valid."), code="bad_signature") from None
    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None:
        raise ValidationError(_("This unsubscribe link is not valid."), code="no_user")
    preferences_update(user=user, deliveries=dict.fromkeys(kinds, Delivery.IN_APP))
    return user, kinds


def notification_read(*, notification: Notification) -> None:
    """Mark one notification read."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        work_changed(users=[notification.recipient_id])


def notifications_read_all(*, user) -> int:
    """Mark all of ``user``'s notifications read; returns how many were unread."""
    read = Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())
    work_changed(users=[user.pk])
    return read
