"""Reads on organisations and contacts that span several models."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q

from renkei.lib.dates import fiscal_year, fiscal_year_start
from renkei.lib.japanese import normalise
from renkei.organisations.models import Contact, Organisation, Staff

_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(ord("ぁ"), ord("ゖ") + 1)}


def contact_emails_by_language(organisation_ids) -> dict[str, list[str]]:
    """The contacts' addresses of these organisations, grouped by the language they read email in.

    An address listed in two languages (one person, contact of two organisations) gets the
    site's default language only once, so nobody receives the same message twice.
    """
    by_email: dict[str, str] = {}
    rows = Contact.objects.filter(organisation_id__in=organisation_ids).values_list("email", "language")
    for email, language in rows.order_by("email", "id"):
        if email not in by_email or language == settings.LANGUAGE_CODE:
            by_email[email] = language
    grouped: dict[str, list[str]] = {}
    for email, language in sorted(by_email.items()):
        grouped.setdefault(language, []).append(email)
    return grouped


def primary_contacts(organisation_ids, user) -> dict[int, Contact]:
    """Each organisation's primary contact (its first, when none is marked) that ``user`` may see, by id.

    ``organisation_ids`` may be a list or a subquery; one query whatever their number.
    """
    contacts: dict[int, Contact] = {}
    visible = Contact.objects.visible_to(user).filter(organisation_id__in=organisation_ids)
    for contact in visible.order_by("organisation_id", "-is_primary", "id"):
        contacts.setdefault(contact.organisation_id, contact)
    return contacts


def contacts_for_confirmation(*, owner_id: int, contact_ids: list[int]):
    """Contacts of a confirmation link that the person is still responsible for.

    A contact handed over since the email was sent is left to its new owner; an ownerless
    one is confirmed by an admin of its organisation.
    """
    admin_of = Staff.objects.filter(user_id=owner_id, role=Staff.Role.ADMIN).values("organisation_id")
    return (
        Contact.objects.filter(pk__in=contact_ids)
        .filter(Q(owner_id=owner_id) | Q(owner__isnull=True, organisation_id__in=admin_of))
        .select_related("organisation")
    )


def contact_history(contact: Contact) -> list[dict]:
    """Each change of a contact, newest first: who, when, and every field as old → new."""
    records = list(contact.history.select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    user_ids: set[int] = set()
    for record, previous in zip(records, [*records[1:], None], strict=True):
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=["updated_at"])
            for change in delta.changes:
                field = Contact._meta.get_field(change.field)
                changes.append({"field": field, "old": change.old, "new": change.new})
                if change.field == "owner":
                    user_ids.update(v for v in (change.old, change.new) if v)
        entries.append({"record": record, "changes": changes, "created": previous is None})
    # Owners are stored as ids; show the people instead.
    users = get_user_model().objects.in_bulk(user_ids)
    for entry in entries:
        for change in entry["changes"]:
            if change["field"].name == "owner":
                change["old"], change["new"] = (
                    users.get(change["old"], change["old"]),
                    users.get(change["new"], change["new"]),
                )
    return entries


def member_directory(*, network, user, prefecture=None, tier=None, q: str = ""):
    """Active memberships of a network with what the directory shows, contacts visible to ``user`` included.

    Contacts come in one prefetch query (primary first), so the page's query count does not grow
    with the number of members.
    """
    from renkei.networks.models import Membership

    memberships = (
        Membership.objects.active()
        .filter(network=network)
        .select_related("organisation", "organisation__prefecture", "tier")
        .prefetch_related(
            Prefetch(
                "organisation__contacts",
                queryset=Contact.objects.visible_to(user).order_by("-is_primary", "department", "person_name", "id"),
                to_attr="directory_contacts",
            )
        )
        .order_by("organisation__name_kana", "organisation_id")
    )
    if prefecture is not None:
        memberships = memberships.filter(organisation__prefecture=prefecture)
    if tier is not None:
        memberships = memberships.filter(tier=tier)
    for word in normalise(q).split():
        # normalise() turns katakana into hiragana; names written in katakana need it turned back.
        katakana = word.translate(_HIRAGANA_TO_KATAKANA)
        memberships = memberships.filter(
            Q(organisation__name_ja__icontains=word)
            | Q(organisation__name_ja__icontains=katakana)
            | Q(organisation__name_en__icontains=word)
            | Q(organisation__name_kana__icontains=word)
            | Q(organisation__name_kana__icontains=katakana)
            | Q(organisation__local_government__search_text__contains=word)
        )
    return memberships


def unconfirmed_directory(*, network, today=None):
    """Active members of a network with contacts not confirmed this fiscal year, those contacts prefetched."""
    from renkei.lib.dates import fiscal_year
    from renkei.networks.models import Membership

    unconfirmed = Contact.objects.unconfirmed(fiscal_year(today)).select_related("owner")
    return (
        Membership.objects.active()
        .filter(network=network, organisation__contacts__in=unconfirmed)
        .distinct()
        .select_related("organisation", "organisation__prefecture", "tier")
        .prefetch_related(Prefetch("organisation__contacts", queryset=unconfirmed, to_attr="unconfirmed_contacts"))
        .order_by("organisation__name_kana", "organisation_id")
    )


def organisations_to_confirm(organisation_ids) -> list[Organisation]:
    """These organisations that have contacts not confirmed since 1 April, each with ``unconfirmed``,
    how many (one query)."""
    start = fiscal_year_start(fiscal_year())
    stale = Q(contacts__last_confirmed_on__isnull=True) | Q(contacts__last_confirmed_on__lt=start)
    return list(
        Organisation.objects.filter(pk__in=list(organisation_ids))
        .annotate(unconfirmed=Count("contacts", filter=stale))
        .filter(unconfirmed__gt=0)
        .order_by("pk")
    )
