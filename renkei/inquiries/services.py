"""Writes: receiving inquiries, handling them in the inbox, replies, policies and inbox settings."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.transaction import on_commit
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.inquiries import spam
from renkei.inquiries.models import InboxSettings, Inquiry, InquiryEntry, PrivacyPolicy
from renkei.lib.dates import add_working_days
from renkei.lib.mail import render_mail, send_email_task, send_templated_mail
from renkei.lib.worklists import work_changed
from renkei.networks.models import Network


def inbox_settings_for(network: Network | None) -> InboxSettings:
    """A desk's settings; the defaults (unsaved) until its secretariat changes them."""
    # filter(network=None) reads as "network IS NULL": the platform's own settings.
    return InboxSettings.objects.filter(network=network).first() or InboxSettings(network=network)


def desk_recipients(network: Network | None) -> list:
    """Who is told of a new inquiry: the secretariat's staff, or site staff for the platform's."""
    users = get_user_model().objects.filter(is_active=True)
    if network is None:
        return list(users.filter(is_staff=True))
    return list(users.filter(staff_roles__organisation_id=network.secretariat_id).distinct())


def _reply_to(network: Network | None, fallback: str = "") -> list[str]:
    address = inbox_settings_for(network).reply_to or fallback
    return [address] if address else []


def inquiry_create(*, network: Network | None, data: dict, language: str, client_ip: str | None) -> Inquiry:
    """Receive an inquiry sent from the public form, acknowledge it to the sender and tell the desk.

    ``data`` holds the form's fields. Raises ValidationError (nothing saved) when the sender's
    address or client has sent too many inquiries in the last hour, or when the desk has no
    privacy policy to consent to.
    """
    if spam.rate_limited(data["email"], client_ip):
        raise ValidationError(
            _("You have sent several inquiries in a short time. Please wait an hour and try again."),
            code="rate_limited",
        )
    policy = PrivacyPolicy.objects.current(network)
    if policy is None:
        raise ValidationError(_("This form cannot be used until a privacy policy is published."), code="no_policy")
    received = timezone.now()
    due_on = add_working_days(timezone.localdate(received), inbox_settings_for(network).overdue_after)
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            network=network, policy=policy, language=language, created_at=received, due_on=due_on, **data
        )
        spam.rate_count(data["email"], client_ip)
        on_commit(lambda: _announce(inquiry))
    return inquiry


def _announce(inquiry: Inquiry) -> None:
    network = inquiry.network
    context = {"inquiry": inquiry, "network": network}
    subject, body = render_mail("inquiries/email/acknowledgement", context, inquiry.language)
    send_email_task.enqueue(subject=subject, body=body, to=[inquiry.email], headers=_headers(_reply_to(network)))
    for user in desk_recipients(network):
        send_templated_mail(
            to=[user.email], template="inquiries/email/received", context=context, language=user.language
        )


def _headers(reply_to: list[str]) -> dict:
    return {"Reply-To": ", ".join(reply_to)} if reply_to else {}


def inquiry_update(*, inquiry: Inquiry, status: str, assignee) -> Inquiry:
    """Change an inquiry's status and who handles it."""
    inquiry.status = status
    inquiry.assignee = assignee
    inquiry.save(update_fields=["status", "assignee"])
    return inquiry


def inquiry_note_add(*, inquiry: Inquiry, author, body: str) -> InquiryEntry:
    """Add an internal note to the thread: for the secretariat only, never emailed to the sender."""
    return InquiryEntry.objects.create(inquiry=inquiry, kind=InquiryEntry.Kind.NOTE, author=author, body=body)


def inquiry_reply(*, inquiry: Inquiry, author, body: str) -> InquiryEntry:
    """Email a reply to the sender, keep it on the thread and mark the inquiry answered.

    The email's Reply-To is the desk's reply address (else the author's own), so the
    sender's answer reaches the secretariat rather than the platform's sending address.
    """
    with transaction.atomic():
        entry = InquiryEntry.objects.create(inquiry=inquiry, kind=InquiryEntry.Kind.REPLY, author=author, body=body)
        inquiry.status = Inquiry.Status.ANSWERED
        fields = ["status"]
        if inquiry.answered_at is None:
            inquiry.answered_at = entry.created_at
            fields.append("answered_at")
        inquiry.save(update_fields=fields)
        reply_to = _reply_to(inquiry.network, author.email)
        subject, text = render_mail(
            "inquiries/email/reply", {"inquiry": inquiry, "network": inquiry.network, "entry": entry}, inquiry.language
        )
        on_commit(
            lambda: send_email_task.enqueue(subject=subject, body=text, to=[inquiry.email], headers=_headers(reply_to))
        )
    return entry


def privacy_policy_publish(*, network: Network | None, body_ja: str, body_en: str, author) -> PrivacyPolicy:
    """Publish a new version of a desk's privacy policy; inquiries keep the version they consented to."""
    with transaction.atomic():
        # Locks the desk's versions (PostgreSQL) so two editors cannot take the same number.
        latest = PrivacyPolicy.objects.for_desk(network).select_for_update().order_by("-version").first()
        return PrivacyPolicy.objects.create(
            network=network,
            version=(latest.version + 1) if latest else 1,
            body=body_ja,
            body_ja=body_ja,
            body_en=body_en or None,
            created_by=author,
        )


def inbox_settings_save(*, network: Network | None, reply_to: str, overdue_after: int) -> InboxSettings:
    """Save a desk's reply address and answer time; open, unanswered inquiries get new due days."""
    with transaction.atomic():
        found = inbox_settings_for(network)
        changed = found.pk is None or found.overdue_after != overdue_after
        found.reply_to = reply_to
        found.overdue_after = overdue_after
        found.save()
        if changed:
            waiting = list(Inquiry.objects.for_desk(network).open().filter(answered_at__isnull=True))
            for inquiry in waiting:
                inquiry.due_on = add_working_days(timezone.localdate(inquiry.created_at), overdue_after)
            Inquiry.objects.bulk_update(waiting, ["due_on"], batch_size=500)
            work_changed(networks=[getattr(network, "pk", None)])
    return found
