"""Public subscriptions to a network's newsletter: double opt-in, and one-click unsubscribe."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.lib.mail import send_templated_mail
from renkei.lib.urls import absolute_url
from renkei.networks.models import Network
from renkei.news.emails import (
    CONFIRM_MAX_AGE,
    CONFIRM_SALT,
    UNSUBSCRIBE_SALT,
    address_token,
    read_address_token,
)
from renkei.news.models import Subscriber, Unsubscribe
from renkei.news.sending import normalise


@transaction.atomic
def subscription_request(*, network: Network, email: str, language: str) -> bool:
    """Ask ``email`` to confirm a subscription to ``network``'s newsletter, by a signed link valid a week.

    Nothing is subscribed until the link is followed. An address already subscribed gets no
    email (the page says the same either way, so it does not tell who subscribes). Returns
    whether a confirmation was sent.
    """
    email = normalise(email)
    if not email:
        raise ValidationError({"email": _("Enter your email address.")})
    subscriber, _created = Subscriber.objects.get_or_create(
        network=network, email=email, defaults={"language": language}
    )
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return False
    token = address_token(network.pk, email, salt=CONFIRM_SALT)
    link = absolute_url(reverse("news:subscribe_confirm", kwargs={"slug": network.slug, "token": token}), language)
    send_templated_mail(
        to=[email],
        template="news/email/confirm",
        context={"network": network.name, "link": link},
        language=language,
    )
    return True


@transaction.atomic
def subscription_confirm(*, network: Network, token: str, language: str = "") -> Subscriber:
    """Confirm the subscription a signed link names; an earlier unsubscribe of that address is lifted.

    Raises ValidationError, changing nothing, when the link was altered, is for another network
    or is more than a week old.
    """
    try:
        network_id, email = read_address_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This confirmation link has expired. Please subscribe again."), code="expired"
        ) from None
    except signing.BadSignature:
        raise ValidationError(_("This confirmation link is not valid."), code="bad_signature") from None
    if network_id != network.pk:
        raise ValidationError(_("This confirmation link is not valid."), code="other_network")
    subscriber, _created = Subscriber.objects.get_or_create(network=network, email=email)
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        if language:
            subscriber.language = language
        subscriber.save()
    Unsubscribe.objects.filter(network=network, email=email).delete()
    return subscriber


def read_unsubscribe(*, network: Network, token: str) -> str:
    """The address an unsubscribe link names; ValidationError when the link is not valid for this network."""
    try:
        network_id, email = read_address_token(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise ValidationError(_("This unsubscribe link is not valid."), code="bad_signature") from None
    if network_id != network.pk:
        raise ValidationError(_("This unsubscribe link is not valid."), code="other_network")
    return email


@transaction.atomic
def unsubscribe(*, network: Network, token: str) -> str:
    """Stop ``network``'s newsletters to the address a signed link names (a contact's or a subscriber's).

    Raises ValidationError, changing nothing, when the link is not valid. Returns the address.
    """
    email = read_unsubscribe(network=network, token=token)
    Unsubscribe.objects.get_or_create(network=network, email=email)
    Subscriber.objects.filter(network=network, email=email).exclude(status=Subscriber.Status.UNSUBSCRIBED).update(
        status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
    )
    return email
