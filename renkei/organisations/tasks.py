"""Background work for organisations: the yearly request to confirm contacts."""

from django.contrib.auth import get_user_model
from django.utils.functional import lazy
from django_tasks import task

from renkei.lib.dates import fiscal_year_label
from renkei.lib.mail import send_templated_mail
from renkei.organisations.models import Contact
from renkei.organisations.services import CONFIRMATION_MAX_AGE, confirmation_token_make


@task()
def send_confirmation_request(
    *, owner_id: int, contact_ids: list[int], fiscal_year: int, language: str | None = None
) -> None:
    """Email one person the contacts they keep, with a link that confirms them all."""
    owner = get_user_model().objects.filter(pk=owner_id, is_active=True).first()
    contacts = list(Contact.objects.filter(pk__in=contact_ids).select_related("organisation"))
    if owner is None or not contacts:
        return
    send_templated_mail(
        to=[owner.email],
        template="organisations/email/confirmation_request",
        context={
            "owner": owner,
            "contacts": contacts,
            # Lazy, so the label is written in the email's language when it is rendered.
            "fiscal_year_label": lazy(fiscal_year_label, str)(fiscal_year),
            "token": confirmation_token_make(owner=owner, contact_ids=[c.pk for c in contacts]),
            "valid_days": CONFIRMATION_MAX_AGE.days,
        },
        language=language,
    )
