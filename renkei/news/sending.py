"""Sending a newsletter issue: its audience, a Delivery per address, batches over one SMTP connection.

Each address gets one Delivery row (unique per issue), claimed before its email is sent and
marked sent right after the mail server accepted it, so a delivery is recorded once it went.
A worker renews its claim while it sends; a claim not renewed within RENKEI_CLAIM_LEASE
belonged to a worker that died, and is taken back: its deliveries wait again, and whoever
sends next skips those already marked sent. Only an email accepted in the instant before its
worker died can go twice, with the same Message-ID. ``issue_deliver`` (and the ``news_resume``
command, and the stalled issue's resume button) pick up whatever is still waiting.
"""

import logging
import smtplib
import time
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import CharField, Count, F, IntegerField, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.lib.leases import lapsed_before
from renkei.lib.mail import message_id
from renkei.networks.models import Membership
from renkei.news.emails import Prepared, PreparedEmail, Rendered, render_issue
from renkei.news.models import Article, Bounce, Delivery, Issue, Subscriber, Unsubscribe
from renkei.organisations.models import Contact

logger = logging.getLogger(__name__)

BATCH = 500


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def issue_articles(issue: Issue) -> list[Article]:
    """The issue's articles in its order (every one, as the secretariat and the email see them)."""
    return [item.article for item in issue.items.select_related("article__network").order_by("order", "id")]


def _check_sendable(issue: Issue, *, to_subscribers: bool) -> list[Article]:
    articles = issue_articles(issue)
    if not articles:
        raise ValidationError(_("Add at least one article to the issue."), code="empty")
    now = timezone.now()
    if any(article.published_at > now for article in articles):
        raise ValidationError(_("Every article must be published before the issue is sent."), code="scheduled")
    if to_subscribers and any(article.visibility != Article.Visibility.PUBLIC for article in articles):
        raise ValidationError(
            _("Public subscribers can only receive public articles: remove the members-only ones."),
            code="members_only",
        )
    return articles


def issue_send_test(*, issue: Issue, email: str, language: str) -> None:
    """Send the issue as it will go out, marked as a test, to ``email`` alone (nothing is recorded)."""
    articles = issue_articles(issue)
    if not articles:
        raise ValidationError(_("Add at least one article to the issue."), code="empty")
    rendered = render_issue(issue, articles, language)
    message = rendered.message(normalise(email), issue.network_id, subject_prefix=_("[Test] "))
    message.send()


@transaction.atomic
def issue_send(*, issue: Issue, to_contacts: bool, tiers=(), to_subscribers: bool) -> Issue:
    """Send a draft issue to the chosen audience, in the background (tasks.issue_prepare_task).

    The audience is the contacts of the network's active member organisations (of ``tiers`` only,
    when given) and/or its confirmed public subscribers, without the addresses that unsubscribed
    or bounced. Raises ValidationError, changing nothing, when no audience is chosen, an article
    is scheduled, or a members-only article would go to public subscribers.
    """
    issue = Issue.objects.select_for_update().select_related("network").get(pk=issue.pk)
    if not issue.is_draft:
        raise ValidationError(_("This issue has already been sent."), code="sent")
    if not (to_contacts or to_subscribers):
        raise ValidationError(_("Choose who receives the issue."), code="no_audience")
    if any(tier.network_id != issue.network_id for tier in tiers):
        raise ValidationError({"tiers": _("Choose tiers of this network.")})
    _check_sendable(issue, to_subscribers=to_subscribers)
    issue.to_contacts, issue.to_subscribers = to_contacts, to_subscribers
    issue.status = Issue.Status.SENDING
    issue.sent_at = timezone.now()
    issue.save(update_fields=["to_contacts", "to_subscribers", "status", "sent_at"])
    issue.tiers.set(tiers if to_contacts else [])
    from renkei.news.tasks import issue_prepare_task

    transaction.on_commit(lambda: issue_prepare_task.enqueue(issue_id=issue.pk))
    return issue


def _audience(issue: Issue) -> list:
    """Querysets of (issue, email, language, status, claim, error) rows: everyone the issue goes to,
    without the addresses that unsubscribed from this network or bounced."""
    unsubscribed = Unsubscribe.objects.filter(network_id=issue.network_id).values("email")
    bounced = Bounce.objects.values("email")
    fixed = {
        "issue": Value(issue.pk, output_field=IntegerField()),
        "state": Value(Delivery.Status.PENDING, output_field=CharField()),
        "blank": Value("", output_field=CharField()),
    }
    columns = ("issue", "address", "lang", "state", "blank", "blank")
    sources = []
    if issue.to_contacts:
        members = Membership.objects.active().filter(network_id=issue.network_id)
        tiers = list(issue.tiers.values_list("pk", flat=True))
        if tiers:
            members = members.filter(tier_id__in=tiers)
        contacts = Contact.objects.filter(organisation_id__in=members.values("organisation_id"))
        # Contacts carry no language: the network's own, Japanese.
        contacts = contacts.annotate(address=Lower("email"), lang=Value("ja", output_field=CharField()), **fixed)
        sources.append(contacts.exclude(address__in=unsubscribed).exclude(address__in=bounced).values_list(*columns))
    if issue.to_subscribers:
        subscribers = Subscriber.objects.filter(network_id=issue.network_id, status=Subscriber.Status.CONFIRMED)
        subscribers = subscribers.annotate(address=F("email"), lang=F("language"), **fixed)
        sources.append(subscribers.exclude(email__in=unsubscribed).exclude(email__in=bounced).values_list(*columns))
    return [source.order_by() for source in sources]


def issue_prepare(*, issue_id: int) -> int:
    """Write a Delivery for each address of the issue's audience (once each), then send them.

    One INSERT ... SELECT per source (contacts, subscribers): a hundred thousand rows in seconds,
    never in memory. The unique (issue, address) skips whoever is there already, so running it
    again adds nobody twice. Returns how many emails were sent.
    """
    issue = Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).first()
    if issue is None:
        return 0
    table = Delivery._meta.db_table
    with connection.cursor() as cursor:
        for source in _audience(issue):
            select, params = source.query.sql_with_params()
            cursor.execute(
                f"INSERT INTO {table} (issue_id, email, language, status, claim, error) {select} "  # noqa: S608
                "ON CONFLICT (issue_id, email) DO NOTHING",
                params,
            )
    Issue.objects.filter(pk=issue.pk).update(prepared_at=timezone.now())
    return issue_deliver(issue_id=issue.pk)


def claims_release(*, issue: Issue | None = None) -> int:
    """Put back to wait the deliveries whose claim lapsed (their worker died); returns how many."""
    lapsed = Delivery.objects.filter(status=Delivery.Status.CLAIMED, claimed_at__lt=lapsed_before())
    if issue is not None:
        lapsed = lapsed.filter(issue=issue)
    return lapsed.update(status=Delivery.Status.PENDING, claim="", claimed_at=None)


def _claim(issue: Issue) -> tuple[str, list[Delivery]]:
    """Take the next batch of waiting deliveries for this worker alone: (claim token, deliveries)."""
    claims_release(issue=issue)
    token = uuid.uuid4().hex
    ids = list(
        Delivery.objects.filter(issue=issue, status=Delivery.Status.PENDING)
        .order_by("id")
        .values_list("id", flat=True)[:BATCH]
    )
    if not ids:
        return token, []
    # Another worker may have claimed some of these since: the status guard leaves those to it.
    Delivery.objects.filter(id__in=ids, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.CLAIMED, claim=token, claimed_at=timezone.now()
    )
    return token, list(Delivery.objects.filter(claim=token).only("id", "email", "language").order_by("id"))


def _record_bounces(refused: dict[str, str]) -> None:
    now = timezone.now()
    for email, reason in refused.items():
        updated = Bounce.objects.filter(email=email).update(
            last_bounced_at=now, reason=reason[:300], count=F("count") + 1
        )
        if not updated:
            Bounce.objects.bulk_create(
                [Bounce(email=email, reason=reason[:300], last_bounced_at=now)], ignore_conflicts=True
            )


class _Claim:
    """One batch's claim: each delivery recorded as soon as its email went, the lease renewed as it goes."""

    def __init__(self, token: str):
        self.token = token
        self.renewed = time.monotonic()
        self.mine = Delivery.objects.filter(claim=token, status=Delivery.Status.CLAIMED)

    def sent(self, pk: int) -> None:
        self.mine.filter(pk=pk).update(status=Delivery.Status.SENT, sent_at=timezone.now(), claim="")
        self.renew()

    def refused(self, pk: int, email: str, reason: str) -> None:
        with transaction.atomic():
            self.mine.filter(pk=pk).update(status=Delivery.Status.BOUNCED, error=reason[:300], claim="")
            _record_bounces({email: reason})
        self.renew()

    def renew(self) -> None:
        # A third of the lease: a live worker's claim never lapses between two renewals.
        if time.monotonic() - self.renewed > settings.RENKEI_CLAIM_LEASE / 3:
            self.mine.update(claimed_at=timezone.now())
            self.renewed = time.monotonic()

    def release(self) -> None:
        """Put back to wait what was not tried (the server failed, or the worker is stopping)."""
        self.mine.update(status=Delivery.Status.PENDING, claim="", claimed_at=None)


def _send_batch(
    connection, issue: Issue, claim: _Claim, batch: list[Delivery], rendered: dict[str, Rendered], articles
) -> int:
    sent = 0
    # Encoded once per batch and language (so each batch's Date header is its own).
    prepared: dict[str, Prepared] = {}
    try:
        for delivery in batch:
            if delivery.language not in prepared:
                if delivery.language not in rendered:
                    rendered[delivery.language] = render_issue(issue, articles, delivery.language)
                prepared[delivery.language] = rendered[delivery.language].prepared(issue.network_id)
            message = prepared[delivery.language].message(
                delivery.email, message_id=message_id("issue", issue.pk, delivery.pk)
            )
            try:
                _send_one(connection, message)
            except smtplib.SMTPRecipientsRefused as error:
                claim.refused(delivery.pk, delivery.email, _refusal(error))
                continue
            claim.sent(delivery.pk)
            sent += 1
    finally:
        claim.release()
    return sent


def _send_one(connection, message) -> None:
    """Send one email over the batch's connection.

    A prepared email already holds its encoded bytes and a plain ASCII address: over Django's SMTP
    backend it goes straight to the open smtplib connection, skipping the backend's parsing of both
    addresses for every message (a third of the time each email cost; measured with
    bench/newsletter_send.py). Any other backend (the tests' outbox, the console) gets it as usual.
    """
    smtp = getattr(connection, "connection", None)
    if isinstance(message, PreparedEmail) and isinstance(smtp, smtplib.SMTP):
        smtp.sendmail(message.envelope_from, message.to, message.encoded)
    else:
        connection.send_messages([message])


def _refusal(error: smtplib.SMTPRecipientsRefused) -> str:
    for code, text in error.recipients.values():
        return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    return str(error)


def issue_deliver(*, issue_id: int, max_batches: int | None = None) -> int:
    """Send the issue's waiting deliveries, batch by batch, one SMTP connection per batch.

    Several workers may run this for one issue at once: each claims its own batches. Marks the
    issue sent once nothing waits. Returns how many emails this call sent.
    """
    issue = Issue.objects.select_related("network").filter(pk=issue_id).first()
    if issue is None or issue.status == Issue.Status.DRAFT:
        return 0
    articles = issue_articles(issue)
    rendered: dict[str, Rendered] = {}
    sent = batches = 0
    while max_batches is None or batches < max_batches:
        token, batch = _claim(issue)
        if not batch:
            break
        batches += 1
        connection = get_connection()
        try:
            connection.open()
            sent += _send_batch(connection, issue, _Claim(token), batch, rendered, articles)
        finally:
            connection.close()
    if not Delivery.objects.filter(issue=issue, status__in=[Delivery.Status.PENDING, Delivery.Status.CLAIMED]).exists():
        Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
            status=Issue.Status.SENT, finished_at=timezone.now()
        )
    return sent


def issues_resume() -> int:
    """Send what is still waiting of every issue being sent (after a crash or a restart); returns emails sent.

    Deliveries a dead worker had claimed wait again once their lease lapsed; those it had
    marked sent are not sent again.
    """
    sent = 0
    for issue_id, prepared_at in Issue.objects.filter(status=Issue.Status.SENDING).values_list("pk", "prepared_at"):
        if prepared_at is None:  # the audience was not all written: writing it again adds nobody twice
            issue_prepare(issue_id=issue_id)
        else:
            sent += issue_deliver(issue_id=issue_id)
    return sent


def issue_stalled(issue: Issue, *, now=None) -> bool:
    """Whether an issue being sent has stopped: no worker sent or claimed any of it within the lease.

    What a worker that died leaves behind, until a live one takes it back (or the secretariat
    resumes it: ``issue_resume``).
    """
    if issue.status != Issue.Status.SENDING:
        return False
    lapsed = lapsed_before(now)
    if issue.sent_at is None or issue.sent_at > lapsed:
        return False  # just sent: its task may not have started yet
    deliveries = issue.deliveries.all()
    return not (
        deliveries.filter(status=Delivery.Status.CLAIMED, claimed_at__gte=lapsed).exists()
        or deliveries.filter(sent_at__gte=lapsed).exists()
    )


def issue_resume(*, issue: Issue) -> None:
    """Send again, in the background, what a stalled issue (``issue_stalled``) still owes.

    Its lapsed claims wait again; those already marked sent are skipped. Raises
    ValidationError when the issue is not stalled: a live worker is sending it, or it is done.
    """
    from renkei.news.tasks import issue_deliver_task, issue_prepare_task

    if not issue_stalled(issue):
        raise ValidationError(_("This issue is not stalled: there is nothing to resume."), code="not_stalled")
    claims_release(issue=issue)
    if issue.prepared_at is None:  # the audience was not all written: writing it again adds nobody twice
        issue_prepare_task.enqueue(issue_id=issue.pk)
    else:
        issue_deliver_task.enqueue(issue_id=issue.pk)


def delivery_counts(issue: Issue) -> dict[str, int]:
    """How many deliveries of the issue are in each state (all states, zero included)."""
    counts = dict.fromkeys(Delivery.Status.values, 0)
    for row in issue.deliveries.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


@transaction.atomic
def bounces_record(*, emails, reason: str = "") -> int:
    """Record addresses a bounce mailbox reported: no newsletter goes to them again. Returns how many were given."""
    addresses = {normalise(email) for email in emails if normalise(email)}
    _record_bounces(dict.fromkeys(addresses, reason))
    Delivery.objects.filter(email__in=addresses, status=Delivery.Status.SENT).update(status=Delivery.Status.BOUNCED)
    return len(addresses)
