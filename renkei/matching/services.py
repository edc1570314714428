"""Writes of matching: needs, offers, programmes and their relay, dismissals, introductions."""

import datetime
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.transaction import on_commit
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from renkei.lib.mail import send_templated_mail
from renkei.lib.worklists import work_changed
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
    ProgrammeAnnouncement,
    ProgrammeTarget,
)
from renkei.matching.selectors import relay_forget
from renkei.networks.models import Membership, Network
from renkei.organisations.models import Organisation, Staff
from renkei.registry.regions import REGION_OF_PREFECTURE, Region
from renkei.search import registry
from renkei.search.models import SearchEntry
from renkei.search.services import search_index, search_remove, search_sync

NEED_FIELDS = ("title", "description", "partner_kinds", "timeline", "scale", "visibility", "status")
OFFER_FIELDS = ("title", "description", "regions", "scale", "examples", "status")
PROGRAMME_FIELDS = ("agency", "title", "description", "eligibility", "deadline", "link", "visibility")
MESSAGE_MAX = 4000
TOO_LONG = format_lazy(gettext_lazy("Enter at most {max} characters."), max=f"{MESSAGE_MAX:,}")
# Announcements are sent in batches of this many, each recorded in the sent-log when it is over.
ANNOUNCEMENT_BATCH = 125


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
    else:
        indexing.index_remove("offer", offer.pk)
    document = registry.Document(offer, offer.title, offer.description, None, SearchEntry.Visibility.PUBLIC)
    search_sync(document)


def _programme_search_scope(programme: Programme) -> tuple[Network | None, str]:
    """A programme's search entry: public; or its network's members', which ``_members_programmes``
    opens to the others the page lets in; or, for a draft, no network: only those found there."""
    if programme.is_draft:
        return None, SearchEntry.Visibility.MEMBERS
    if programme.visibility == Programme.Visibility.PUBLIC:
        return None, SearchEntry.Visibility.PUBLIC
    return programme.network, SearchEntry.Visibility.MEMBERS


def _programme_reindex(programme: Programme) -> None:
    # Drafts are suggested to nobody; their publisher still finds them in search.
    if programme.is_draft:
        indexing.index_remove("programme", programme.pk)
    else:
        indexing.index_doc(indexing.programme_doc(programme))
    network, visibility = _programme_search_scope(programme)
    search_index(
        obj=programme,
        title=programme.title,
        body=f"{programme.agency}\n{programme.description}",
        network=network,
        visibility=visibility,
    )


def object_reindex(*, obj: Need | Offer | Programme) -> None:
    """Bring a need's, an offer's or a programme's suggestions and search entries up to date
    after a change made outside these services (the admin)."""
    with transaction.atomic():
        if isinstance(obj, Need):
            _need_reindex(obj)
        elif isinstance(obj, Offer):
            _offer_reindex(obj)
        else:
            _programme_reindex(obj)


def _public_need_documents():
    # Search entries are public or per network; members' needs (any network's members) stay out.
    for need in Need.objects.public().open().iterator():
        yield registry.Document(need, need.title, need.description, None, SearchEntry.Visibility.PUBLIC)


def _offer_documents():
    for offer in Offer.objects.public().iterator():
        yield registry.Document(offer, offer.title, offer.description, None, SearchEntry.Visibility.PUBLIC)


def _programme_documents():
    for programme in Programme.objects.select_related("network").iterator():
        network, visibility = _programme_search_scope(programme)
        yield registry.Document(
            programme, programme.title, f"{programme.agency}\n{programme.description}", network, visibility
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
        visible_to=_members_programmes,
    )


def _members_programmes(user):
    # A members' programme's entry is scoped to its network; those the page also lets in
    # (its publisher, a target that has left the network) find it through this, and a draft's
    # publisher and secretariat find the draft.
    return Programme.objects.visible_to(user).filter(Q(visibility=Programme.Visibility.MEMBERS) | Q(is_draft=True))


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


def _programme_check(programme: Programme, target_prefectures, target_tiers) -> list[int]:
    """Validate a programme and its targeting; the organisations it reaches (never none)."""
    _check_regions(programme.target_regions)
    if any(kind not in GOVERNMENT_KINDS for kind in programme.target_kinds):
        raise ValidationError({"target_kinds": gettext_lazy("Choose kinds from the list.")}, code="invalid")
    if any(tier.network_id != programme.network_id for tier in target_tiers):
        raise ValidationError({"target_tiers": gettext_lazy("Choose tiers of this network.")}, code="invalid")
    programme.full_clean()
    targets = programme_targets(
        network=programme.network,
        regions=programme.target_regions,
        prefectures=target_prefectures,
        tiers=target_tiers,
        kinds=programme.target_kinds,
    )
    if not targets:
        raise ValidationError(gettext_lazy("No member of this network matches these targets."), code="no_targets")
    return targets


def programme_create(
    *,
    organisation: Organisation,
    author,
    network,
    themes=(),
    target_prefectures=(),
    target_tiers=(),
    is_draft: bool = False,
    announce: bool = True,
    **fields,
) -> Programme:
    """Publish a programme and relay it to the members it targets, each with a "not opened" mark,
    or keep it as a draft that reaches nobody yet.

    The tiers must be the network's; a programme that would reach nobody is refused, draft or not.
    Publishing emails the targeted organisations (see ``programme_publish``), unless ``announce``
    is False (demo content).
    """
    programme = Programme(organisation=organisation, author=author, network=network, is_draft=True)
    _set_fields(programme, PROGRAMME_FIELDS, fields)
    programme.target_regions = list(fields.get("target_regions") or [])
    programme.target_kinds = list(fields.get("target_kinds") or [])
    _programme_check(programme, target_prefectures, target_tiers)
    with transaction.atomic():
        programme.save()
        programme.themes.set(themes)
        programme.target_prefectures.set(target_prefectures)
        programme.target_tiers.set(target_tiers)
        if is_draft:
            _programme_reindex(programme)
        else:
            programme_publish(programme=programme, announce=announce)
    return programme


def programme_update(
    *, programme: Programme, themes=None, target_prefectures=None, target_tiers=None, **fields
) -> Programme:
    """Change a programme. A draft's targeting may change too; a published programme keeps the
    members it was relayed to (their marks are its record), and nobody is emailed again."""
    _set_fields(programme, PROGRAMME_FIELDS, fields)
    if programme.is_draft:
        if "network" in fields:
            programme.network = fields["network"]
        for name in ("target_regions", "target_kinds"):
            if name in fields:
                setattr(programme, name, list(fields[name] or []))
        prefectures = list(programme.target_prefectures.all()) if target_prefectures is None else target_prefectures
        tiers = list(programme.target_tiers.all()) if target_tiers is None else target_tiers
        _programme_check(programme, prefectures, tiers)
    else:
        programme.full_clean()
    with transaction.atomic():
        programme.save()
        if themes is not None:
            programme.themes.set(themes)
        if programme.is_draft:
            programme.target_prefectures.set(prefectures)
            programme.target_tiers.set(tiers)
        _programme_reindex(programme)
        # The status page shows the title too.
        _relay_changed(programme, timezone.now())
    return programme


def programme_publish(*, programme: Programme, announce: bool = True) -> int:
    """Publish a draft: relay it to the members its targeting reaches now and announce it to them.

    The announcement emails go out in the background, over one connection, once per organisation
    (the ProgrammeAnnouncement sent-log); publishing what is already published does nothing.
    Returns the number of organisations reached.
    """
    from renkei.matching.tasks import send_programme_announcements

    if not programme.is_draft:
        return 0
    targets = _programme_check(programme, programme.target_prefectures.all(), programme.target_tiers.all())
    now = timezone.now()
    with transaction.atomic():
        # Only the request that turns the draft over publishes it (a double click does not).
        if not Programme.objects.filter(pk=programme.pk, is_draft=True).update(is_draft=False, published_at=now):
            return 0
        programme.is_draft = False
        programme.published_at = now
        # The conditional UPDATE is not seen by the programme's history: published, recorded.
        bulk_update_with_history([programme], Programme, ["is_draft", "published_at"], default_date=now)
        ProgrammeTarget.objects.bulk_create(
            [ProgrammeTarget(programme=programme, organisation_id=pk) for pk in targets],
            batch_size=500,
            ignore_conflicts=True,
        )
        _programme_reindex(programme)
        _relay_changed(programme, now)
        if announce:
            programme_id = programme.pk
            on_commit(lambda: send_programme_announcements.enqueue(programme_id=programme_id))
    return len(targets)


def _announcement_recipients(organisation_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """Per organisation, its addresses by language: its contacts, or its staff when it has none.

    Each contact is written to in the language it reads email in, each staff user in theirs.
    """
    from renkei.organisations.models import Contact

    found: dict[int, dict[str, list[str]]] = {}
    for organisation_id, email, language in Contact.objects.filter(organisation_id__in=organisation_ids).values_list(
        "organisation_id", "email", "language"
    ):
        found.setdefault(organisation_id, {}).setdefault(language or "ja", []).append(email)
    for organisation_id, email, language in Staff.objects.filter(
        organisation_id__in=[pk for pk in organisation_ids if pk not in found], user__is_active=True
    ).values_list("organisation_id", "user__email", "user__language"):
        found.setdefault(organisation_id, {}).setdefault(language or "ja", []).append(email)
    return found


def programme_announcements_send(*, programme_id: int) -> int:
    """Email each targeted organisation of a published programme that has not had its announcement.

    One email per organisation and language, over one SMTP connection, in batches. An
    organisation is written in the sent-log once the server accepted all its emails, after the
    batch (no write lock is held while the server answers). A failed send leaves the rest for
    the next run, and a second run (or a retry) emails nobody twice. Returns the emails sent.
    """
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection

    from renkei.lib.mail import render_mail, send_and_record

    programme = Programme.objects.select_related("network", "organisation").get(pk=programme_id)
    if programme.is_draft:
        return 0
    logged = ProgrammeAnnouncement.objects.filter(programme=programme).values("organisation_id")
    organisation_ids = list(
        ProgrammeTarget.objects.filter(programme=programme)
        .exclude(organisation_id__in=logged)
        .order_by("organisation_id")
        .values_list("organisation_id", flat=True)
    )
    recipients = _announcement_recipients(organisation_ids)
    # Organisations with nobody to write to are logged at once, with no address.
    _announcements_log(programme, [pk for pk in organisation_ids if pk not in recipients], {})
    rendered: dict[str, tuple[str, str]] = {}
    emails = []
    for organisation_id, addresses in sorted(recipients.items()):
        for language, addressed in sorted(addresses.items()):
            if language not in rendered:
                rendered[language] = render_mail(
                    "matching/email/programme_announcement", {"programme": programme}, language
                )
            subject, body = rendered[language]
            emails.append(
                (organisation_id, EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, sorted(set(addressed))))
            )
    # Sent in order, so an organisation is announced once its last email (one per language,
    # maybe in the next batch) went through.
    last = {organisation_id: index for index, (organisation_id, _email) in enumerate(emails)}
    numbered = [(index, email) for index, (_organisation_id, email) in enumerate(emails)]

    def announced(accepted: list[int]) -> None:
        _announcements_log(programme, [emails[i][0] for i in accepted if last[emails[i][0]] == i], recipients)

    sent = 0
    connection = get_connection()
    try:
        for start in range(0, len(numbered), ANNOUNCEMENT_BATCH):
            sent += send_and_record(connection, numbered[start : start + ANNOUNCEMENT_BATCH], announced)
    finally:
        connection.close()
    return sent


def _announcements_log(programme: Programme, organisation_ids: list[int], recipients: dict) -> None:
    ProgrammeAnnouncement.objects.bulk_create(
        [
            ProgrammeAnnouncement(
                programme=programme,
                organisation_id=pk,
                recipients=sum(len(addressed) for addressed in recipients.get(pk, {}).values()),
            )
            for pk in dict.fromkeys(organisation_ids)
        ],
        batch_size=500,
        ignore_conflicts=True,
    )


def programme_open(*, programme: Programme, organisation_ids) -> int:
    """Mark the programme read for these organisations, if they are targeted and had not opened it.

    One UPDATE whatever happened before, so opening the page twice changes nothing more.
    """
    now = timezone.now()
    changed = ProgrammeTarget.objects.filter(
        programme=programme, organisation_id__in=list(organisation_ids), status=ProgrammeTarget.Status.UNREAD
    ).update(status=ProgrammeTarget.Status.READ, read_at=now, status_at=now)
    if changed:
        _relay_changed(programme, now, organisation_ids)
    return changed


def _relay_changed(programme: Programme, now, organisations=None) -> None:
    """The programme's status page moves, and the homes of ``organisations`` (every targeted one
    when None: the programme's own fields changed)."""
    relay_touch(programme_id=programme.pk, now=now, organisations=organisations)
    programme.relay_changed_at = now


def relay_touch(*, programme_id: int, now=None, organisations=None) -> None:
    """Move a programme's relay version, so its status page is drawn anew (a mark, an edit), and
    the lists of ``organisations`` (every targeted one when None)."""
    Programme.objects.filter(pk=programme_id).update(relay_changed_at=now or timezone.now())
    relay_forget(programme_id)
    # The relaying network's dashboard counts the marks.
    network_id = Programme.objects.filter(pk=programme_id).values_list("network_id", flat=True).first()
    work_changed(networks=[network_id])
    if organisations is None:
        organisations = ProgrammeTarget.objects.filter(programme_id=programme_id).values_list(
            "organisation_id", flat=True
        )
    work_changed(organisations=organisations)


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
    # An UPDATE, not save(): the save signal would move the relay version a second time.
    ProgrammeTarget.objects.filter(pk=target.pk).update(status=status, status_at=now, read_at=target.read_at)
    _relay_changed(programme, now, [organisation.pk])
    return target


def programme_remind(*, programme: Programme) -> int:
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
        on_commit(lambda: send_programme_reminders.enqueue(programme_id=programme.pk, target_ids=unread))
    return len(unread)


def programme_reminders_send(*, programme_id: int, target_ids: list[int]) -> int:
    """Email each not-yet-opened target's contacts, each in the language they read, over one SMTP connection.

    Returns the emails sent.
    """
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection

    from renkei.lib.mail import render_mail, send_and_record
    from renkei.organisations.models import Contact

    programme = Programme.objects.select_related("network").get(pk=programme_id)
    targets = ProgrammeTarget.objects.filter(pk__in=target_ids, status=ProgrammeTarget.Status.UNREAD)
    organisation_ids = list(targets.values_list("organisation_id", flat=True))
    addresses: dict[tuple[int, str], set[str]] = {}
    for organisation_id, email, language in Contact.objects.filter(organisation_id__in=organisation_ids).values_list(
        "organisation_id", "email", "language"
    ):
        addresses.setdefault((organisation_id, language), set()).add(email)
    rendered: dict[str, tuple[str, str]] = {}
    emails = []
    for (organisation_id, language), addressed in sorted(addresses.items()):
        if language not in rendered:
            rendered[language] = render_mail("matching/email/programme_reminder", {"programme": programme}, language)
        subject, body = rendered[language]
        emails.append((organisation_id, EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, sorted(addressed))))
    now = timezone.now()

    def reminded(accepted: list[int]) -> None:
        targets.filter(organisation_id__in=accepted).update(reminded_at=now)
        _relay_changed(programme, now, ())  # a reminder shows on the status page only

    connection = get_connection()
    try:
        return send_and_record(connection, emails, reminded)
    finally:
        connection.close()


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
        raise ValidationError({"message": TOO_LONG}, code="max_length")
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
        raise ValidationError({"body": TOO_LONG}, code="max_length")
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
