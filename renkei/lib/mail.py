"""Email: rendered in the recipient's language from templates, sent by a background task."""

from collections.abc import Callable, Sequence
from typing import Any, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, engines
from django.template.backends.django import DjangoTemplates
from django.utils import translation
from django_tasks import TaskContext, task

from renkei.lib.urls import site_url


@task(takes_context=True)
def send_email_task(
    context: TaskContext,
    *,
    subject: str,
    body: str,
    to: list[str],
    headers: dict | None = None,
    html: str = "",
    attachments: list[dict] | None = None,
) -> None:
    """Send one email; ``attachments`` are text files as ``{"filename", "content", "mimetype"}`` dicts.

    Its Message-ID is the task's: run again after its worker died, it is recognisably the same email.
    """
    headers = {"Message-ID": message_id("email", context.task_result.id), **(headers or {})}
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to, headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments or []:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    message.send()


def render_text(template_name: str, context: dict) -> str:
    """Render a plain-text template: no HTML escaping (an apostrophe stays an apostrophe)."""
    engine = cast(DjangoTemplates, engines["django"]).engine
    return engine.get_template(template_name).render(Context(context, autoescape=False))


def render_mail(template: str, context: dict, language: str | None = None) -> tuple[str, str]:
    """The subject (on one line) and body of ``<template>_subject.txt`` and ``<template>.txt``.

    Rendered in ``language`` (by default the active one), with ``site_url`` in the context.
    """
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        context = {"site_url": site_url(), **context}
        subject = " ".join(render_text(f"{template}_subject.txt", context).split())
        body = render_text(f"{template}.txt", context)
    return subject, body


def send_templated_mail(
    *, to: list[str], template: str, context: dict, language: str | None = None, attachments: list[dict] | None = None
) -> None:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` and queue the email.

    ``template`` is a path without suffix, e.g. ``"networks/email/application_received"``.
    Context values must be plain data or model instances the templates read from; the
    rendering happens now, only the sending runs in the background. ``attachments`` are text
    files, as send_email_task takes them (e.g. an event's .ics).
    """
    subject, body = render_mail(template, context, language)
    send_email_task.enqueue(subject=subject, body=body, to=list(to), attachments=attachments)


def message_id(*parts: object) -> str:
    """A Message-ID made of ``parts`` (e.g. "notification", its id): the same each time one email goes to one person.

    Work taken back from a worker that died may send again an email the server had accepted
    just before: the copy has the same Message-ID, so mail systems and readers can tell it is
    one email. Named after the site, not the machine, so every worker gives the same one.
    """
    domain = urlsplit(site_url()).hostname or "renkei.invalid"
    return f"<renkei.{'.'.join(str(part) for part in parts)}@{domain}>"


def send_each(
    mail_connection, messages: Sequence, accepted: Callable[[int], None] | None = None
) -> tuple[int, int, Exception | None]:
    """Send over one connection: (how many went through, how many the backend counted sent, the failure).

    One email per call, so that if the server fails half-way the ones it accepted are known;
    ``accepted(index)`` is called as soon as the server accepted each. The connection is opened
    if it is not (never for nothing to send), and left open for the caller to close.
    """
    done = sent = 0
    if not messages:
        return done, sent, None
    try:
        mail_connection.open()
        for message in messages:
            sent += mail_connection.send_messages([message]) or 0
            if accepted is not None:
                accepted(done)
            done += 1
    except Exception as error:  # the caller records what went through before raising it
        return done, sent, error
    return done, sent, None


def send_and_record(mail_connection, emails: Sequence[tuple[Any, Any]], record: Callable[[list], None]) -> int:
    """Send ``(key, email)`` pairs, and ``record`` the key of each the server accepted right after it did.

    ``record`` runs in a short transaction of its own for each email, never around the
    sending: no write lock is held while a mail server answers (on SQLite that lock stops every
    other writer), and a worker killed half-way leaves every accepted email recorded but the
    last. If sending fails, the failure is raised: a rerun sends only the rest. Returns how many
    emails were sent.
    """

    def accepted(index: int) -> None:
        with transaction.atomic():
            record([emails[index][0]])

    _done, sent, error = send_each(mail_connection, [email for _key, email in emails], accepted)
    if error is not None:
        raise error
    return sent
