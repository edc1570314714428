"""Newsletter emails: the issue rendered once per language, then one message per address.

The HTML part is the same fragment as the issue's web page (news/_issue_content.html), with inline
styles only and no image from anywhere: photos become links to the article. Every email carries a
signed one-click unsubscribe link, in the body and in the List-Unsubscribe headers (RFC 8058).
Not renkei.lib.mail.send_templated_mail: an issue goes to thousands over one connection, so it
is rendered once per language and only the address, token and Message-ID change per copy.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from renkei.lib.dates import format_date
from renkei.lib.mail import render_text
from renkei.lib.markdown import render_markdown
from renkei.lib.text import plain_excerpt
from renkei.lib.urls import absolute_url, site_url
from renkei.news.models import Article, Issue

UNSUBSCRIBE_SALT = "renkei.news.unsubscribe"
CONFIRM_SALT = "renkei.news.subscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600
_TOKEN_SLOT = "__unsubscribe_token__"
_ADDRESS_SLOT = "recipient@address.invalid"
_MESSAGE_ID_SLOT = "__message_id__"


def address_token(network_id: int, email: str, *, salt: str) -> str:
    """A signed token naming a network and an address."""
    return signing.dumps({"n": network_id, "e": email}, salt=salt, compress=True)


def read_address_token(token: str, *, salt: str, max_age: int | None = None) -> tuple[int, str]:
    """The (network id, address) a token names; raises signing.BadSignature when altered, not ours or too old."""
    data = signing.loads(token, salt=salt, max_age=max_age)
    if not isinstance(data, dict) or not isinstance(data.get("n"), int) or not isinstance(data.get("e"), str):
        raise signing.BadSignature("unexpected newsletter token")
    return data["n"], data["e"]


def article_path(article: Article) -> str:
    return reverse("news:detail", kwargs={"slug": article.network.slug, "pk": article.pk})


def issue_entries(articles, *, email: bool, language: str) -> list[dict]:
    """What the issue fragment shows of each article, with links absolute in an email."""
    entries = []
    for article in articles:
        path = article_path(article)
        entries.append(
            {
                "article": article,
                "url": absolute_url(path, language) if email else path,
                "date": format_date(timezone.localdate(article.published_at)),
                "summary": article.summary or plain_excerpt(article.body),
                "thumbnail": reverse("news:lead_thumbnail", kwargs={"slug": article.network.slug, "pk": article.pk})
                if article.lead_thumbnail and not email
                else "",
            }
        )
    return entries


def issue_context(issue: Issue, articles, *, email: bool, language: str) -> dict:
    path = reverse("news:issue_detail", kwargs={"slug": issue.network.slug, "pk": issue.pk})
    return {
        "issue": issue,
        "network": issue.network,
        "introduction": render_markdown(issue.introduction),
        "entries": issue_entries(articles, email=email, language=language),
        "email": email,
        "issue_url": absolute_url(path, language) if email else path,
        "site_url": site_url(),
    }


@dataclass
class Rendered:
    """An issue rendered for one language, with a slot where each address's unsubscribe token goes."""

    subject: str
    text: str
    html: str
    unsubscribe_slot_url: str

    def message(
        self, email: str, network_id: int, *, subject_prefix: str = "", message_id: str = ""
    ) -> EmailMultiAlternatives:
        token = address_token(network_id, email, salt=UNSUBSCRIBE_SALT)
        unsubscribe = self.unsubscribe_slot_url.replace(_TOKEN_SLOT, token)
        headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        if message_id:
            headers["Message-ID"] = message_id
        message = EmailMultiAlternatives(
            subject_prefix + self.subject,
            self.text.replace(_TOKEN_SLOT, token),
            settings.DEFAULT_FROM_EMAIL,
            [email],
            headers=headers,
        )
        message.attach_alternative(self.html.replace(_TOKEN_SLOT, token), "text/html")
        return message

    def prepared(self, network_id: int) -> "Prepared":
        """A maker of this issue's emails that encodes the MIME message once, not once per address."""
        template = self.message(_ADDRESS_SLOT, network_id)
        template.extra_headers["Message-ID"] = f"<{_MESSAGE_ID_SLOT}>"
        slot_token = address_token(network_id, _ADDRESS_SLOT, salt=UNSUBSCRIBE_SALT)
        return Prepared(self, network_id, template.message().as_bytes(linesep="\r\n"), slot_token.encode())


class _Encoded:
    """What the SMTP backend asks of ``EmailMessage.message()``: the message's bytes."""

    def __init__(self, data: bytes):
        self.data = data

    def as_bytes(self, linesep: str = "\n") -> bytes:
        return self.data


class PreparedEmail(EmailMultiAlternatives):
    """An email whose encoded form was made from the issue's encoded template (see ``Prepared``)."""

    encoded: bytes = b""
    envelope_from: str = ""

    def message(self, *args, **kwargs):  # type: ignore[override]
        return _Encoded(self.encoded)


class Prepared:
    """The issue's email encoded once; each address's copy is those bytes with its address,
    its unsubscribe token and its own Message-ID put in.

    Building a MIME message costs milliseconds (the standard library folds and encodes every
    header); this makes sending 100,000 emails a matter of byte replacements. Where the
    template's slots are not each found where expected (a body line so long it was encoded
    differently) or an address is not plain ASCII, the message is built in full instead.
    """

    def __init__(self, rendered: Rendered, network_id: int, encoded: bytes, slot_token: bytes):
        self.rendered, self.network_id = rendered, network_id
        self.encoded, self.slot_token = encoded, slot_token
        self.envelope_from = sanitize_address(settings.DEFAULT_FROM_EMAIL, settings.DEFAULT_CHARSET)
        self.usable = (
            encoded.count(slot_token) == 3  # the List-Unsubscribe header, the text and the HTML part
            and encoded.count(_ADDRESS_SLOT.encode()) == 1  # the To header
            and encoded.count(_MESSAGE_ID_SLOT.encode()) == 1
        )

    def message(self, email: str, *, message_id: str) -> EmailMultiAlternatives:
        """The copy for ``email``; ``message_id`` (lib.mail.message_id) is the same each time it is sent to them."""
        if not self.usable or not email.isascii():
            return self.rendered.message(email, self.network_id, message_id=message_id)
        token = address_token(self.network_id, email, salt=UNSUBSCRIBE_SALT)
        message = PreparedEmail(
            self.rendered.subject,
            self.rendered.text.replace(_TOKEN_SLOT, token),
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
        # What the email says, for whoever reads the object rather than its bytes (the test outbox).
        message.attach_alternative(self.rendered.html.replace(_TOKEN_SLOT, token), "text/html")
        message.envelope_from = self.envelope_from
        message.encoded = (
            self.encoded.replace(self.slot_token, token.encode())
            .replace(_ADDRESS_SLOT.encode(), email.encode())
            .replace(f"<{_MESSAGE_ID_SLOT}>".encode(), message_id.encode())
        )
        return message


def render_issue(issue: Issue, articles, language: str) -> Rendered:
    """The issue's subject, plain text and HTML in ``language`` (English falls back to Japanese where unwritten)."""
    with translation.override(language):
        context = issue_context(issue, articles, email=True, language=language)
        unsubscribe = absolute_url(
            reverse("news:unsubscribe", kwargs={"slug": issue.network.slug, "token": _TOKEN_SLOT}), language
        )
        context["unsubscribe_url"] = unsubscribe
        subject = " ".join(render_text("news/email/issue_subject.txt", context).split())
        text = render_text("news/email/issue.txt", context)
        html = render_to_string("news/email/issue.html", {**context, "LANG": language})
    return Rendered(subject, text, html, unsubscribe)
