"""Notification emails: one per notification or one digest per person, each in its reader's language.

Every email carries a signed link that switches its kinds to in-app only without signing in,
in the body and in the List-Unsubscribe headers (RFC 8058 one-click).
"""

from email.policy import Compat32, compat32
from email.utils import parseaddr
from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.core.mail.message import forbid_multi_line_headers
from django.urls import reverse
from django.utils import translation

from renkei.lib.mail import message_id, render_mail
from renkei.lib.urls import absolute_url
from renkei.notifications.models import Kind

UNSUBSCRIBE_SALT = "renkei.notifications.unsubscribe"


# What an email needs of its recipient, for queries that load no more than that.
RECIPIENT_FIELDS = ("recipient__email", "recipient__language")


def user_language(user) -> str:
    """The language a person reads email in: the one on their account, else the site's default."""
    return user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def unsubscribe_token(user_pk: int, kinds) -> str:
    """A signed token naming a person and the kinds of notification to stop emailing them."""
    return signing.dumps({"u": user_pk, "k": sorted(str(kind) for kind in kinds)}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, list[str]]:
    """The (user id, kinds) a token names; raises signing.BadSignature when it was not ours or was altered."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise signing.BadSignature("unexpected unsubscribe token")
    kinds = data.get("k")
    if not isinstance(kinds, list) or not kinds or not set(kinds) <= set(Kind.values):
        raise signing.BadSignature("unexpected unsubscribe token")
    return data["u"], kinds


_TOKEN_SLOT = "__token__"


def _unsubscribe_url(user, kinds, language: str) -> str:
    return _unsubscribe_prefix(language).replace(_TOKEN_SLOT, unsubscribe_token(user.pk, kinds))


def _unsubscribe_prefix(language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse("notifications:unsubscribe", kwargs={"token": _TOKEN_SLOT}))


# Headers whose value is the same in every email of a fan-out (the subject is per text, not per person).
_REPEATED_HEADERS = frozenset(
    {"subject", "from", "content-type", "mime-version", "content-transfer-encoding", "list-unsubscribe-post"}
)


@lru_cache(maxsize=256)
def _folded(name: str, value: str, linesep: str, max_line_length: int | None, cte_type: str) -> bytes:
    return compat32.clone(linesep=linesep, max_line_length=max_line_length, cte_type=cte_type).fold_binary(name, value)


class _RepeatedHeadersPolicy(Compat32):
    """Django's policy (compat32), folding each repeated header value once rather than once per email.

    Folding a header builds and encodes an email.header.Header, about a tenth of the cost of a
    message; the bytes are the same.
    """

    def fold_binary(self, name, value):
        if isinstance(value, str) and name.lower() in _REPEATED_HEADERS:
            return _folded(name, value, self.linesep, self.max_line_length, self.cte_type)
        return super().fold_binary(name, value)


_POLICY = _RepeatedHeadersPolicy()


@lru_cache(maxsize=128)
def _encoded_subject(subject: str, encoding: str) -> str:
    return forbid_multi_line_headers("Subject", subject, encoding)[1]


class NotificationEmail(EmailMessage):
    """An EmailMessage whose subject and constant headers are encoded once for all its recipients.

    A fan-out sends thousands of emails with one Japanese subject: encoding it (RFC 2047) for
    each was a third of the cost of building one. What goes on the wire does not change.
    """

    def message(self):
        subject, self.subject = self.subject, ""
        try:
            msg = super().message()
        finally:
            self.subject = subject
        msg.replace_header("Subject", _encoded_subject(str(subject), self.encoding or settings.DEFAULT_CHARSET))
        msg.policy = _POLICY
        return msg


@lru_cache(maxsize=4)
def _envelope_sender(from_email: str) -> str:
    return parseaddr(from_email)[1] or from_email


def _email(user, subject: str, body: str, unsubscribe: str, message_id: str) -> EmailMessage:
    headers = {
        # The same From line; the envelope gets the bare address, which the SMTP backend
        # parses for each email (a name and an address take twice as long).
        "From": settings.DEFAULT_FROM_EMAIL,
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Message-ID": message_id,
    }
    sender = _envelope_sender(settings.DEFAULT_FROM_EMAIL)
    return NotificationEmail(subject, body, sender, [user.email], headers=headers)


def notification_messages(notifications) -> list[EmailMessage]:
    """The emails telling each notification's recipient what happened, right away.

    A post's fan-out sends thousands of emails that differ only in their address and their
    unsubscribe link: each distinct text is rendered once per language, and the link, which
    the template holds as a slot, filled in for each person.
    """
    rendered: dict = {}
    messages = []
    for notification in notifications:
        user = notification.recipient
        language = user_language(user)
        key = (
            language,
            notification.kind,
            notification.title,
            notification.url,
            notification.actor_organisation_id,
            notification.network_id,
        )
        if key not in rendered:
            with translation.override(language):
                context = {
                    "sentence": notification.sentence(),
                    "kind": str(notification.get_kind_display()),
                    "network": notification.network.name if notification.network else "",
                    "link": absolute_url(notification.url, language),
                    "unsubscribe_url": _unsubscribe_prefix(language),
                }
            rendered[key] = (
                *render_mail("notifications/email/notification", context, language),
                context["unsubscribe_url"],
            )
        subject, body, slot_url = rendered[key]
        unsubscribe = slot_url.replace(_TOKEN_SLOT, unsubscribe_token(user.pk, [notification.kind]))
        messages.append(
            _email(
                user,
                subject,
                body.replace(slot_url, unsubscribe),
                unsubscribe,
                message_id("notification", notification.pk),
            )
        )
    return messages


def digest_message(user, notifications) -> EmailMessage:
    """One email for ``user`` with ``notifications`` grouped by kind, then by network."""
    language = user_language(user)
    groups: dict = {}
    with translation.override(language):
        for notification in notifications:
            networks = groups.setdefault(str(notification.get_kind_display()), {})
            network = notification.network.name if notification.network else ""
            networks.setdefault(network, []).append(
                {"sentence": notification.sentence(), "link": absolute_url(notification.url, language)}
            )
    context = {
        "groups": [(kind, list(networks.items())) for kind, networks in groups.items()],
        "count": len(notifications),
    }
    unsubscribe = _unsubscribe_url(user, {notification.kind for notification in notifications}, language)
    subject, body = render_mail("notifications/email/digest", {**context, "unsubscribe_url": unsubscribe}, language)
    # The same notifications make the same digest: sent again after a crash, it keeps its Message-ID.
    ids = sorted(notification.pk for notification in notifications)
    return _email(user, subject, body, unsubscribe, message_id("digest", user.pk, ids[0], ids[-1], len(ids)))
