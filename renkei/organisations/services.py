"""Writes on organisations, staff, contacts and invitations."""

import datetime

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from renkei.lib.dates import fiscal_year
from renkei.lib.mail import send_templated_mail
from renkei.lib.worklists import work_changed
from renkei.networks.models import Network
from renkei.organisations.models import ConfirmationRequest, Contact, Invitation, Organisation, Staff


def _bulk_update_contacts(contacts: list[Contact], fields: list[str], *, by) -> None:
    """Save several contacts at once, with their history, and mark their networks as changed."""
    bulk_update_with_history(contacts, Contact, fields, default_user=by)
    # A bulk update sends no post_save: the networks showing these contacts are marked here.
    Network.objects.touch_for_organisations({c.organisation_id for c in contacts})
    work_changed(organisations={c.organisation_id for c in contacts})


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    role: str = Staff.Role.STAFF,
    invited_by=None,
    language: str | None = None,
) -> Invitation:
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


def organisation_for_government(government) -> Organisation:
    """The organisation of a prefecture or municipality from the registry, created on first use."""
    kind = Organisation.Kind.PREFECTURE if government.kind == "prefecture" else Organisation.Kind.MUNICIPALITY
    organisation, _ = Organisation.objects.get_or_create(
        local_government=government,
        defaults={
            "kind": kind,
            "name_ja": government.name,
            "name_en": government.name_en,
            "name_kana": government.name_kana,
            # A prefecture is its own prefecture, for filters and the map.
            "prefecture_id": government.prefecture_id or government.code,
        },
    )
    return organisation


def _is_staff(user, organisation: Organisation) -> bool:
    return user is not None and Staff.objects.filter(user=user, organisation=organisation).exists()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user=None, name: str = "", password: str = "") -> Staff:
    """Accept an invitation: create the account (or use ``user``), add them to the staff, take over contacts.

    Contacts handed over to the invitee while the invitation was open become theirs now, so
    no contact is left without someone who keeps it current.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable():
        raise ValidationError(_("This invitation has expired or has already been used."), code="unusable")
    if user is None:
        User = get_user_model()
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("An account with this email already exists. Sign in to accept."), code="exists")
        user = User.objects.create_user(email=invitation.email, password=password, name=name)
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation was sent to another email address."), code="other_email")
    staff, created = Staff.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    if not created and invitation.role == Staff.Role.ADMIN and staff.role != Staff.Role.ADMIN:
        staff.role = Staff.Role.ADMIN
        staff.save(update_fields=["role"])
    handed_over = list(invitation.contacts.filter(organisation=invitation.organisation))
    for contact in handed_over:
        contact.owner = user
    _bulk_update_contacts(handed_over, ["owner"], by=user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return staff


def _check_primary(contact: Contact) -> None:
    # Only one primary contact per organisation: the new primary takes the mark from the old one.
    if contact.is_primary:
        previous = list(
            Contact.objects.filter(organisation=contact.organisation, is_primary=True).exclude(pk=contact.pk)
        )
        for other in previous:
            other.is_primary = False
            other.save(update_fields=["is_primary", "updated_at"])


@transaction.atomic
def contact_create(*, organisation: Organisation, by, today: datetime.date | None = None, **fields) -> Contact:
    """Add a contact to an organisation; its owner is ``by`` unless another colleague is given."""
    contact = Contact(organisation=organisation, **fields)
    if contact.owner is None:
        contact.owner = by
    elif not _is_staff(contact.owner, organisation):
        raise ValidationError(_("The owner must be a member of the organisation's staff."), code="owner")
    # Whoever enters a contact vouches for it being current today.
    contact.last_confirmed_on = today or timezone.localdate()
    _check_primary(contact)
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, by, today: datetime.date | None = None, **fields) -> Contact:
    """Change a contact's details; saving them counts as confirming they are current.

    A contact left without an owner becomes ``by``'s, so someone keeps it current.
    """
    for name, value in fields.items():
        setattr(contact, name, value)
    if contact.owner is None:
        contact.owner = by
    elif not _is_staff(contact.owner, contact.organisation):
        raise ValidationError(_("The owner must be a member of the organisation's staff."), code="owner")
    contact.last_confirmed_on = today or timezone.localdate()
    _check_primary(contact)
    contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, by) -> None:
    """Delete a contact; its history stays, recording who deleted it."""
    contact._history_user = by
    contact.delete()


@transaction.atomic
def contact_handover(
    *, contacts, organisation: Organisation, by, to_user=None, to_email: str = "", language: str | None = None
) -> Invitation | None:
    """Hand contacts over to a colleague, or to a new colleague invited by email.

    An invited colleague becomes the owner when they accept; until then the contacts stay with
    their current owner (or with ``by`` when they had none), so none is orphaned. Returns the
    invitation when one was sent.
    """
    contacts = list(contacts)
    if any(c.organisation_id != organisation.pk for c in contacts):
        raise ValidationError(_("Only this organisation's contacts can be handed over."), code="organisation")
    if to_user is not None:
        if not _is_staff(to_user, organisation):
            raise ValidationError(_("Choose a member of the organisation's staff."), code="not_staff")
        for contact in contacts:
            contact.owner = to_user
        _bulk_update_contacts(contacts, ["owner"], by=by)
        return None
    if not to_email:
        raise ValidationError(_("Choose a colleague or enter the email of a new colleague."), code="required")
    User = get_user_model()
    existing = User.objects.filter(email__iexact=to_email).first()
    if existing is not None and _is_staff(existing, organisation):
        return contact_handover(contacts=contacts, organisation=organisation, by=by, to_user=existing)
    invitation = Invitation.objects.filter(
        organisation=organisation,
        email=to_email.lower(),
        accepted_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first() or invitation_create(organisation=organisation, email=to_email, invited_by=by, language=language)
    invitation.contacts.add(*contacts)
    orphans = [c for c in contacts if c.owner_id is None]
    for contact in orphans:
        contact.owner = by
    _bulk_update_contacts(orphans, ["owner"], by=by)
    return invitation


@transaction.atomic
def contacts_confirm(*, contacts, by, today: datetime.date | None = None) -> int:
    """Mark contacts as current today; returns how many were confirmed."""
    today = today or timezone.localdate()
    contacts = list(contacts)
    for contact in contacts:
        contact.last_confirmed_on = today
        contact.updated_at = timezone.now()
    _bulk_update_contacts(contacts, ["last_confirmed_on", "updated_at"], by=by)
    return len(contacts)


@transaction.atomic
def staff_remove(*, staff: Staff, by, to_user=None, to_email: str = "", language: str | None = None) -> None:
    """Remove a person from an organisation's staff after handing their contacts over.

    The last administrator cannot be removed, so every organisation keeps someone who can
    invite colleagues and manage contacts.
    """
    organisation = staff.organisation
    if staff.role == Staff.Role.ADMIN and not (
        Staff.objects.filter(organisation=organisation, role=Staff.Role.ADMIN).exclude(pk=staff.pk).exists()
    ):
        raise ValidationError(_("The last administrator cannot be removed."), code="last_admin")
    if to_user is not None and to_user.pk == staff.user_id:
        raise ValidationError(_("Hand the contacts over to someone who stays."), code="self")
    owned = list(Contact.objects.filter(organisation=organisation, owner=staff.user))
    if owned:
        if to_user is None and not to_email:
            raise ValidationError(
                _("Choose who takes over this person's contacts before removing them."), code="handover_required"
            )
        if to_email and to_user is None:
            # The invitee takes over on accepting; until then the contacts are the remover's.
            for contact in owned:
                contact.owner = by
            _bulk_update_contacts(owned, ["owner"], by=by)
        contact_handover(
            contacts=owned, organisation=organisation, by=by, to_user=to_user, to_email=to_email, language=language
        )
    staff.delete()


def _confirmation_recipients(contacts) -> dict:
    """Map each person who must confirm to their contacts: the owner, or the organisation's admins."""
    recipients: dict = {}
    admins: dict = {}
    orphan_orgs = {c.organisation_id for c in contacts if c.owner_id is None}
    for member in Staff.objects.filter(organisation_id__in=orphan_orgs, role=Staff.Role.ADMIN).select_related("user"):
        admins.setdefault(member.organisation_id, []).append(member.user)
    for contact in contacts:
        for person in [contact.owner] if contact.owner_id else admins.get(contact.organisation_id, []):
            if person.is_active:
                recipients.setdefault(person, []).append(contact)
    return recipients


def contacts_request_confirmation(
    *, today: datetime.date | None = None, organisations=None, language: str | None = None
) -> int:
    """Email each owner of contacts not confirmed this fiscal year one request listing them all.

    Contacts without an owner go to their organisation's admins. Each person gets at most one
    request a day (ConfirmationRequest records it), so running this twice does not send twice.
    Returns the number of people emailed.
    """
    from renkei.organisations.tasks import send_confirmation_request

    today = today or timezone.localdate()
    year = fiscal_year(today)
    contacts = Contact.objects.unconfirmed(year).select_related("owner", "organisation")
    if organisations is not None:
        contacts = contacts.filter(organisation__in=organisations)
    recipients = _confirmation_recipients(list(contacts))
    already = set(
        ConfirmationRequest.objects.filter(owner__in=list(recipients), sent_on=today).values_list("owner_id", flat=True)
    )
    sent = 0
    for person, owned in recipients.items():
        if person.pk in already:
            continue
        with transaction.atomic():
            _request, created = ConfirmationRequest.objects.get_or_create(
                owner=person, sent_on=today, defaults={"fiscal_year": year}
            )
        if not created:
            continue
        send_confirmation_request.enqueue(
            owner_id=person.pk, contact_ids=[c.pk for c in owned], fiscal_year=year, language=language
        )
        sent += 1
    return sent


CONFIRMATION_SALT = "renkei.organisations.contacts-confirm"
CONFIRMATION_MAX_AGE = datetime.timedelta(days=60)


def confirmation_token_make(*, owner, contact_ids: list[int]) -> str:
    """A signed token that lets ``owner`` confirm these contacts with one click, for 60 days."""
    return signing.dumps({"u": owner.pk, "c": sorted(contact_ids)}, salt=CONFIRMATION_SALT, compress=True)


def confirmation_token_read(token: str) -> tuple[int, list[int]] | None:
    """The (owner id, contact ids) of a confirmation token, or None when it is forged or expired."""
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return None
    return data["u"], data["c"]
