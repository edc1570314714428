"""The development outbox: each email Renkei sends is kept as an .eml file for the browser to show.

``make run`` (DEBUG without EMAIL_URL) sends through this backend; /outbox/ lists what was
sent. Production sends over SMTP and has no outbox.
"""

import email
import email.policy
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


def outbox_dir() -> Path:
    return Path(settings.OUTBOX_DIR)


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = outbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
            (folder / name).write_bytes(message.message().as_bytes())
        return len(email_messages)


@dataclass(frozen=True)
class SentEmail:
    name: str
    sent_at: datetime
    to: str
    subject: str
    body: str


def _read(path: Path) -> SentEmail:
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    part = parsed.get_body(preferencelist=("plain", "html"))
    sent_at = datetime.strptime(path.name.split("-")[0], "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
    body = part.get_content() if part is not None else ""
    return SentEmail(path.name, sent_at, str(parsed.get("To", "")), str(parsed.get("Subject", "")), body)


def sent_emails(limit: int = 200) -> list[SentEmail]:
    """The newest ``limit`` emails sent, newest first."""
    folder = outbox_dir()
    if not folder.is_dir():
        return []
    return [_read(path) for path in sorted(folder.glob("*.eml"), reverse=True)[:limit]]


def sent_email(name: str) -> SentEmail | None:
    path = outbox_dir() / Path(name).name
    return _read(path) if path.suffix == ".eml" and path.is_file() else None
