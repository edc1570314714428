"""Writes on organisations, staff, contacts and invitations."""

from django.db import transaction

from renkei.lib.mail import send_templated_mail
from renkei.organisations.models import Invitation, Organisation, Staff


@transaction.atomic
def invitation_create(*, organisation: Organisation, email: str, role: str = Staff.Role.STAFF, invited_by=None,
                      language: str | None = None) -> Invitation:
    """Invite a person to an organisation's staff and email them the link to accept."""
    invitation = Invitation.objects.create(
        organisation=organisation, email=email.lower(), role=role, invited_by=invited_by
    )
    transaction.on_commit(
        lambda: send_templated_mail(
            to=[invitation.email],
            template="organisations/email/invitation",
            context={"invitation": invitation, "organisation": organisation},
            language=language,
        )
    )
    return invitation
