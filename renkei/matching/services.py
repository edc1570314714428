"""Writes of matching: needs, offers, programmes and their relay, dismissals, introductions."""

import datetime
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.transaction import on_commit
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from renkei.lib.mail import send_templated_mail
from renkei.matching import indexing
from renkei.matching.access import GOVERNMENT_KINDS, OFFERING_KINDS
from renkei.matching.models import (
    Dismissal,
    Introduction,
    IntroductionMessage,
    Need,
    Offer,
    PartnerKind,
    Programme,
    ProgrammeTarget,
)
from renkei.networks.models import Membership
from renkei.organisations.models import Organisation, Staff
from renkei.registry.regions import REGION_OF_PREFECTURE, Region
from renkei.search import registry
from renkei.search.models import SearchEntry
from renkei.search.services import search_index, search_remove

NEED_FIELDS = ("title", "description", "partner_kinds", "timeline", "scale", "visibility", "status")
OFFER_FIELDS = ("title", "description", "regions", "scale", "examples", "status")
PROGRAMME_FIELDS = ("agency", "title", "description", "eligibility", "deadline", "link", "visibility")
MESSAGE_MAX = 4000


def _staff_emails(organisation_id: int) -> list[str]:
    return list(
        Staff.objects.filter(organisation_id=organisation_id, user__is_active=True)
        .values_list("user__email", flat=True)
        .distinct()
    )


def _set_fields(obj, names, fields: dict) -> None:
    for name in names:
        if name in fields:
            setattr(obj, name, fields[name])


# --- Search ---------------------------------------------------------------------------------


def _need_reindex(need: Need) -> None:
    if need.status == Need.Status.OPEN:
        indexing.index_doc(indexing.need_doc(need))
    else:
        indexing.index_remove("need", need.pk)
    # Members' needs are for the members of any network, which one search entry cannot say:
    # search finds public needs only, and members find theirs in the needs list.
    if need.status == Need.Status.OPEN and need.visibility == Need.Visibility.PUBLIC:
        search_index(obj=need, title=need.title, body=need.description, visibility=SearchEntry.Visibility.PUBLIC)
    else:
        search_remove(obj=need)


def _offer_reindex(offer: Offer) -> None:
    if offer.status == Offer.Status.OPEN:
        indexing.index_doc(indexing.offer_doc(offer))
        search_index(obj=offer, title=offer.title, body=offer.description, visibility=SearchEntry.Visibility.PUBLIC)
    else:
        indexing.index_remove("offer", offer.pk)
        search_remove(obj=offer)


def _programme_reindex(programme: Programme) -> None:
    indexing.index_doc(indexing.programme_doc(programme))
    public = programme.visibility == Programme.Visibility.PUBLIC
    search_index(
        obj=programme,
        title=programme.title,
        body=f"{programme.agency}\n{programme.description}",
        network=None if public else programme.network,
        visibility=SearchEntry.Visibility.PUBLIC if public else SearchEntry.Visibility.MEMBERS,
    )


def _public_need_documents():
    # Search entries are public or per network; members' needs (any network's members) stay out.
    for need in Need.objects.visible_to(AnonymousUser()).open().iterator():
        yield registry.Document(need, need.title, need.description, None, SearchEntry.Visibility.PUBLIC)


def _offer_documents():
    for offer in Offer.objects.visible_to(AnonymousUser()).iterator():
        yield registry.Document(offer, offer.title, offer.description, None, SearchEntry.Visibility.PUBLIC)


def _programme_documents():
    for programme in Programme.objects.select_related("network").iterator():
        public = programme.visibility == Programme.Visibility.PUBLIC
        yield registry.Document(
            programme,
            programme.title,
            f"{programme.agency}\n{programme.description}",
            None if public else programme.network,
            SearchEntry.Visibility.PUBLIC if public else SearchEntry.Visibility.MEMBERS,
        )


def register_search() -> None:
    """Let search find public needs, offers and programmes, and link to their pages."""
    registry.register(
        "matching.Need",
        _public_need_documents,
        label=gettext_lazy("Needs"),
        url=lambda entry: reverse("matching:need_detail", args=[entry.object_id]),
    )
    registry.register(
        "matching.Offer",
        _offer_documents,
        label=gettext_lazy("Offers"),
        url=lambda entry: reverse("matching:offer_detail", args=[entry.object_id]),
    )
    registry.register(
        "matching.Programme",
        _programme_documents,
        label=gettext_lazy("Programmes"),
        url=lambda entry: reverse("matching:programme_detail", args=[entry.object_id]),
    )


# --- Needs and offers -----------------------------------------------------------------------


def _check_partner_kinds(kinds) -> None:
    if any(kind not in PartnerKind.values for kind in kinds or []):
        raise ValidationError({"partner_kinds": gettext_lazy("Choose partners from the list.")}, code="invalid")


def need_create(*, organisation: Organisation, author, themes=(), **fields) -> Need:
    """Publish a need of a municipality (or prefecture), index it for suggestions and search.

    Only governments publish needs; anything invalid raises ValidationError and nothing is written.
    """
    if organisation.kind not in GOVERNMENT_KINDS:
        raise ValidationError(gettext_lazy("Only municipalities and prefectures publish needs."), code="kind")
    need = Need(organisation=organisation, author=author)
    _set_fields(need, NEED_FIELDS, fields)
    _check_partner_kinds(need.partner_kinds)
    need.full_clean()
    with transaction.atomic():
        need.save()
        need.themes.set(themes)
        _need_reindex(need)
    return need


def need_update(*, need: Need, themes=None, **fields) -> Need:
    """Change a need and bring its index entries up to date (a closed need leaves suggestions)."""
    _set_fields(need, NEED_FIELDS, fields)
    _check_partner_kinds(need.partner_kinds)
    need.updated_at = timezone.now()
    need.full_clean()
    with transaction.atomic():
        need.save()
        if themes is not None:
            need.themes.set(themes)
        _need_reindex(need)
    return need


def offer_create(*, organisation: Organisation, author, themes=(), prefectures=(), **fields) -> Offer:
    """Publish what a company, an association or a government can provide; index it."""
    if organisation.kind not in OFFERING_KINDS:
        raise ValidationError(gettext_lazy("This organisation cannot publish offers."), code="kind")
    offer = Offer(organisation=organisation, author=author)
    _set_fields(offer, OFFER_FIELDS, fields)
    _check_regions(offer.regions)
    offer.full_clean()
    with transaction.atomic():
        offer.save()
        offer.themes.set(themes)
        offer.prefectures.set(prefectures)
        _offer_reindex(offer)
    return offer


def offer_update(*, offer: Offer, themes=None, prefectures=None, **fields) -> Offer:
    """Change an offer and its index entries."""
    _set_fields(offer, OFFER_FIELDS, fields)
    _check_regions(offer.regions)
    offer.updated_at = timezone.now()
    offer.full_clean()
    with transaction.atomic():
        offer.save()
        if themes is not None:
            offer.themes.set(themes)
        if prefectures is not None:
            offer.prefectures.set(prefectures)
        _offer_reindex(offer)
    return offer


def _check_regions(regions) -> None:
    if any(region not in Region.values for region in regions or []):
        raise ValidationError({"regions": gettext_lazy("Choose regions from the list.")}, code="invalid")


# --- Programmes and their relay ---------------------------------------------------------------


def programme_targets(*, network, regions=(), prefectures=(), tiers=(), kinds=()) -> list[int]:
    """The ids of the network's active government members a programme reaches.

    Each kind of target narrows (a region and a tier: the members in that region of that tier);
    a kind left empty does not. Regions and prefectures together reach either.
    """
    members = Membership.objects.filter(
        network=network, status=Membership.Status.ACTIVE, organisation__local_government__isnull=False
    )
    places = Q()
    prefecture_codes = [code for code, region in REGION_OF_PREFECTURE.items() if region in set(regions)]
    prefecture_codes += [p.code[:2] for p in prefectures]
    if prefecture_codes:
        for code in sorted(set(prefecture_codes)):
            places |= Q(organisation__local_government__code__startswith=code)
        members = members.filter(places)
    if tiers:
        members = members.filter(tier__in=tiers)
    if kinds:
        members = members.filter(organisation__kind__in=kinds)
    return list(members.values_list("organisation_id", flat=True).distinct())


def programme_create(
    *, organisation: Organisation, author, network, themes=(), target_prefectures=(), target_tiers=(), **fields
) -> Programme:
    """Publish a programme and relay it to the members it targets, each with a "not opened" mark.

    The tiers must be the network's; a programme that reaches nobody is refused.
    """
    programme = Programme(organisation=organisation, author=author, network=network)
    _set_fields(programme, PROGRAMME_FIELDS, fields)
    programme.target_regions = list(fields.get("target_regions") or [])
    programme.target_kinds = list(fields.get("target_kinds") or [])
    _check_regions(programme.target_regions)
    if any(kind not in GOVERNMENT_KINDS for kind in programme.target_kinds):
        raise ValidationError({"target_kinds": gettext_lazy("Choose kinds from the list.")}, code="invalid")
    if any(tier.network_id != network.pk for tier in target_tiers):
        raise ValidationError({"target_tiers": gettext_lazy("Choose tiers of this network.")}, code="invalid")
    programme.full_clean()
    targets = programme_targets(
        network=network,
        regions=programme.target_regions,
        prefectures=target_prefectures,
        tiers=target_tiers,
        kinds=programme.target_kinds,
    )
    if not targets:
        raise ValidationError(gettext_lazy("No member of this network matches these targets."), code="no_targets")
    with transaction.atomic():
        programme.save()
        programme.themes.set(themes)
        programme.target_prefectures.set(target_prefectures)
        programme.target_tiers.set(target_tiers)
        ProgrammeTarget.objects.bulk_create(
            [ProgrammeTarget(programme=programme, organisation_id=pk) for pk in targets], batch_size=500
        )
        _programme_reindex(programme)
    return programme


def programme_open(*, programme: Programme, organisation_ids) -> int:
    """Mark the programme read for these organisations, if they are targeted and had not opened it.

    One UPDATE whatever happened before, so opening the page twice changes nothing more.
    """
    now = timezone.now()
    changed = ProgrammeTarget.objects.filter(
        programme=programme, organisation_id__in=list(organisation_ids), status=ProgrammeTarget.Status.UNREAD
    ).update(status=ProgrammeTarget.Status.READ, read_at=now, status_at=now)
    if changed:
        _relay_changed(programme, now)
    return changed


def _relay_changed(programme: Programme, now) -> None:
    Programme.objects.filter(pk=programme.pk).update(relay_changed_at=now)
    programme.relay_changed_at = now


def programme_target_set_status(*, programme: Programme, organisation: Organisation, status: str) -> ProgrammeTarget:
    """Record a targeted municipality's 確認済み, 検討中 or 応募予定 for a programme."""
    allowed = [ProgrammeTarget.Status.READ, ProgrammeTarget.Status.CONSIDERING, ProgrammeTarget.Status.APPLYING]
    if status not in allowed:
        raise ValidationError(gettext_lazy("Choose a status from the list."), code="invalid")
    target = ProgrammeTarget.objects.filter(programme=programme, organisation=organisation).first()
    if target is None:
        raise ValidationError(gettext_lazy("This programme is not addressed to your organisation."), code="not_target")
    now = timezone.now()
    target.status = status
    target.status_at = now
    target.read_at = target.read_at or now
    target.save(update_fields=["status", "status_at", "read_at"])
    _relay_changed(programme, now)
    return target


def programme_remind(*, programme: Programme, language: str | None = None) -> int:
    """Queue a reminder to the contacts of every targeted organisation that has not opened the programme.

    Returns how many organisations will be reminded; the emails go out in the background.
    """
    from renkei.matching.tasks import send_programme_reminders

    unread = list(
        ProgrammeTarget.objects.filter(programme=programme, status=ProgrammeTarget.Status.UNREAD).values_list(
            "pk", flat=True
        )
    )
    if unread:
        language = language or get_language() or "ja"
        on_commit(
            lambda: send_programme_reminders.enqueue(programme_id=programme.pk, target_ids=unread, language=language)
        )
    return len(unread)


def programme_reminders_send(*, programme_id: int, target_ids: list[int], language: str) -> int:
    """Email each not-yet-opened target's contacts, over one SMTP connection; returns emails sent."""
    from django.core.mail import EmailMessage, get_connection

    from renkei.lib.mail import render_mail
    from renkei.organisations.models import Contact

    programme = Programme.objects.select_related("network").get(pk=programme_id)
    targets = ProgrammeTarget.objects.filter(pk__in=target_ids, status=ProgrammeTarget.Status.UNREAD)
    organisation_ids = list(targets.values_list("organisation_id", flat=True))
    emails: dict[int, set[str]] = {}
    for organisation_id, email in Contact.objects.filter(organisation_id__in=organisation_ids).values_list(
        "organisation_id", "email"
    ):
        emails.setdefault(organisation_id, set()).add(email)
    subject, body = render_mail("matching/email/programme_reminder", {"programme": programme}, language)
    from django.conf import settings

    messages = [
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, sorted(addresses))
        for addresses in emails.values()
        if addresses
    ]
    connection = get_connection()
    try:
        connection.open()
        sent = connection.send_messages(messages) or 0
    finally:
        connection.close()
    now = timezone.now()
    targets.update(reminded_at=now)
    _relay_changed(programme, now)
    return sent


# --- Dismissals -----------------------------------------------------------------------------


def dismissal_create(*, organisation: Organisation, kind: str, object_id: int, user) -> Dismissal:
    """Stop suggesting this need, offer or programme to the organisation."""
    if kind not in Dismissal.Kind.values:
        raise ValidationError(gettext_lazy("Unknown kind of suggestion."), code="invalid")
    dismissal, _created = Dismissal.objects.get_or_create(
        organisation=organisation, kind=kind, object_id=object_id, defaults={"dismissed_by": user}
    )
    return dismissal


# --- Introductions --------------------------------------------------------------------------


def _introduction_parties(requester: Organisation, need, offer, partner_need) -> Organisation:
    if need is not None and offer is not None and partner_need is None:
        if requester.pk == need.organisation_id:
            return offer.organisation
        if requester.pk == offer.organisation_id:
            return need.organisation
    if need is not None and partner_need is not None and offer is None and requester.pk == need.organisation_id:
        return partner_need.organisation
    raise ValidationError(gettext_lazy("An introduction needs your need or offer and the other side's."), code="sides")


def introduction_request(
    *,
    requester: Organisation,
    user,
    message: str,
    need: Need | None = None,
    offer: Offer | None = None,
    partner_need: Need | None = None,
    language: str | None = None,
) -> Introduction:
    """Ask to be introduced to the other side of a need and an offer (or of two similar needs).

    The other organisation's staff are emailed; nobody's contacts are shown until they accept.
    Callers pass only objects the user may see.
    """
    recipient = _introduction_parties(requester, need, offer, partner_need)
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": gettext_lazy("Write a message to the other side.")}, code="required")
    if len(message) > MESSAGE_MAX:
        raise ValidationError({"message": gettext_lazy("The message is too long.")}, code="max_length")
    if recipient.pk == requester.pk:
        raise ValidationError(gettext_lazy("You cannot ask for an introduction to yourself."), code="self")
    pending = Introduction.objects.filter(
        requester=requester,
        recipient=recipient,
        need=need,
        offer=offer,
        partner_need=partner_need,
        status=Introduction.Status.PENDING,
    )
    if pending.exists():
        raise ValidationError(gettext_lazy("You have already asked; the other side has not answered yet."), code="dup")
    with transaction.atomic():
        introduction = Introduction.objects.create(
            requester=requester,
            recipient=recipient,
            requested_by=user,
            need=need,
            offer=offer,
            partner_need=partner_need,
            message=message,
        )
        to = _staff_emails(recipient.pk)
        if to:
            on_commit(
                lambda: send_templated_mail(
                    to=to,
                    template="matching/email/introduction_requested",
                    context={"introduction": introduction},
                    language=language,
                )
            )
    return introduction


def introduction_decide(*, introduction: Introduction, organisation: Organisation, user, accept: bool) -> Introduction:
    """The asked side accepts (both then see each other's contacts and a thread opens) or declines."""
    if organisation.pk != introduction.recipient_id:
        raise ValidationError(gettext_lazy("Only the organisation asked can answer."), code="not_recipient")
    if introduction.status != Introduction.Status.PENDING:
        raise ValidationError(gettext_lazy("This introduction has already been answered."), code="decided")
    introduction.status = Introduction.Status.ACCEPTED if accept else Introduction.Status.DECLINED
    introduction.decided_at = timezone.now()
    introduction.decided_by = user
    with transaction.atomic():
        introduction.save(update_fields=["status", "decided_at", "decided_by"])
        to = _staff_emails(introduction.requester_id)
        if to:
            on_commit(
                lambda: send_templated_mail(
                    to=to, template="matching/email/introduction_decided", context={"introduction": introduction}
                )
            )
    return introduction


def introduction_message_post(
    *, introduction: Introduction, organisation: Organisation, user, body: str
) -> IntroductionMessage:
    """Write in the private thread of an accepted introduction; the other side's staff are emailed."""
    if not introduction.is_accepted:
        raise ValidationError(gettext_lazy("The thread opens once the introduction is accepted."), code="closed")
    if organisation.pk not in (introduction.requester_id, introduction.recipient_id):
        raise ValidationError(gettext_lazy("Only the two organisations write here."), code="not_party")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": gettext_lazy("Write a message.")}, code="required")
    if len(body) > MESSAGE_MAX:
        raise ValidationError({"body": gettext_lazy("The message is too long.")}, code="max_length")
    other = introduction.other_side(organisation.pk)
    with transaction.atomic():
        message = IntroductionMessage.objects.create(
            introduction=introduction, author=user, organisation=organisation, body=body
        )
        to = _staff_emails(other.pk)
        if to:
            on_commit(
                lambda: send_templated_mail(
                    to=to,
                    template="matching/email/introduction_message",
                    context={"introduction": introduction, "message": message, "organisation": organisation},
                )
            )
    return message


def introduction_record_outcome(
    *, introduction: Introduction, user, outcome: str, note: str = "", on: datetime.date | None = None
) -> Introduction:
    """The secretariat records what came of an introduction (連携実績): a project, an agreement, nothing."""
    if outcome not in Introduction.Outcome.values:
        raise ValidationError({"outcome": gettext_lazy("Choose an outcome from the list.")}, code="invalid")
    introduction.outcome = outcome
    introduction.outcome_note = note
    introduction.outcome_on = on
    introduction.outcome_recorded_by = user
    introduction.save(update_fields=["outcome", "outcome_note", "outcome_on", "outcome_recorded_by"])
    return introduction


def partnership_prefill_url(introduction: Introduction) -> str | None:
    """The partnership form, filled in from an introduction's outcome; None until that form exists."""
    try:
        base = reverse("partnerships:create")
    except NoReverseMatch:
        return None
    params: list[tuple[str, str]] = [("kind", "comprehensive")]
    for party in (introduction.requester, introduction.recipient):
        if party.local_government_id:
            params.append(("local_government", party.local_government_id))
        else:
            params.append(("organisation", str(party.pk)))
    if introduction.outcome_on:
        params.append(("established_on", introduction.outcome_on.isoformat()))
    if introduction.outcome_note:
        params.append(("description", introduction.outcome_note))
    return f"{base}?{urlencode(params)}"


def themes_load() -> int:
    """Load (or bring up to date) the matching taxonomy from data/themes.json; returns the number of themes.

    The migration loads it once; this puts it back in a database emptied since (a test flush).
    """
    import json

    from renkei.matching.engine import THEMES_FILE
    from renkei.matching.models import Theme

    records = json.loads(THEMES_FILE.read_text(encoding="utf-8"))
    for order, record in enumerate(records):
        Theme.objects.update_or_create(
            slug=record["slug"],
            defaults={
                "order": order,
                "name_ja": record["name_ja"],
                "name_en": record["name_en"],
                "keywords_ja": "\n".join(record["keywords_ja"]),
                "keywords_en": "\n".join(record["keywords_en"]),
            },
        )
    indexing.taxonomy_changed()
    return len(records)
