"""Writing partnerships, exchange activities, photos, partner-search profiles and introduction requests.

Every write moves the partnerships' version (cached pages) and keeps search current.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from renkei.lib import files
from renkei.lib.mail import send_templated_mail
from renkei.organisations.models import Organisation
from renkei.organisations.selectors import contact_emails_by_language
from renkei.partnerships.models import (
    Activity,
    ActivityPhoto,
    AnniversaryReminder,
    IntroductionRequest,
    PartnerProfile,
    Partnership,
    Party,
    changed,
)
from renkei.registry.models import LocalGovernment, OverseasGovernment
from renkei.search import registry
from renkei.search.registry import Document
from renkei.search.services import search_index, search_remove

MAX_PHOTOS = 20


@dataclass
class Parties:
    """The parties of a partnership, in the order they are shown."""

    local_governments: list[LocalGovernment] = field(default_factory=list)
    overseas_governments: list[OverseasGovernment] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.local_governments) + len(self.overseas_governments) + len(self.organisations)


# --- Names -----------------------------------------------------------------------------------


def overseas_label(government: OverseasGovernment, language: str) -> str:
    """Abroad, in Japanese the katakana (or own script) with the English name; in English the reverse."""
    own = government.name_kana or government.name
    if language == "ja":
        return own if own == government.name_en else f"{own}（{government.name_en}）"
    return government.name_en if government.name == government.name_en else f"{government.name_en} ({government.name})"


def _party_label(party: Party, language: str) -> str:
    with override(language):
        if party.local_government is not None:
            return party.local_government.full_name
        if party.overseas_government is not None:
            return overseas_label(party.overseas_government, language)
        return party.organisation.name if party.organisation is not None else ""


def _labels(parties: list[Party]) -> tuple[str, str]:
    return (
        " – ".join(_party_label(p, "ja") for p in parties)[:500],
        " – ".join(_party_label(p, "en") for p in parties)[:500],
    )


# --- Search ----------------------------------------------------------------------------------


def _partnership_document(partnership: Partnership) -> Document:
    body = "\n".join(
        [
            partnership.label_en,
            partnership.get_kind_display(),
            partnership.description_ja or "",
            partnership.description_en or "",
        ]
    )
    return Document(
        obj=partnership,
        title=partnership.label,
        body=body,
        network=None,
        visibility="public",
        updated_at=partnership.updated_at,
    )


def partnership_reindex(partnership: Partnership) -> None:
    """Bring the partnership's search entry up to date; drafts stay out of search."""
    if partnership.is_draft:
        search_remove(obj=partnership)
        return
    document = _partnership_document(partnership)
    search_index(
        obj=partnership,
        title=document.title,
        body=document.body,
        visibility="public",
        updated_at=document.updated_at,
    )


def _profile_document(profile: PartnerProfile) -> Document:
    government = profile.local_government
    with override("ja"):
        title = _("Looking for a partner: %(name)s") % {"name": government.full_name}
    body = "\n".join(
        [
            government.name_en,
            profile.regions_wanted,
            " ".join(profile.country_names),
            profile.overview_ja or "",
            profile.overview_en or "",
            profile.conditions_ja or "",
            profile.pr_text_ja or "",
        ]
    )
    return Document(
        obj=profile, title=title, body=body, network=None, visibility="signed_in", updated_at=profile.updated_at
    )


def profile_reindex(profile: PartnerProfile) -> None:
    """Open profiles are found by signed-in users; closed ones leave search."""
    if not profile.is_open:
        search_remove(obj=profile)
        return
    document = _profile_document(profile)
    search_index(
        obj=profile, title=document.title, body=document.body, visibility="signed_in", updated_at=document.updated_at
    )


def _search_documents():
    partnerships = Partnership.objects.filter(is_draft=False).order_by("id")
    for partnership in partnerships.iterator(chunk_size=2000):
        yield _partnership_document(partnership)


def _profile_documents():
    for profile in PartnerProfile.objects.filter(is_open=True).select_related("local_government"):
        yield _profile_document(profile)


def register_search() -> None:
    """Let search find partnerships (everyone) and partner-search profiles (signed-in users)."""
    registry.register(
        "partnerships.Partnership",
        _search_documents,
        label=gettext_lazy("Partnerships"),
        url=lambda entry: reverse("partnerships:detail", kwargs={"pk": int(entry.object_id)}),
    )
    registry.register(
        "partnerships.PartnerProfile",
        _profile_documents,
        label=gettext_lazy("Partner search profiles"),
        url=lambda entry: reverse("partnerships:profile_detail", kwargs={"pk": int(entry.object_id)}),
    )


# --- Partnerships ----------------------------------------------------------------------------


def overseas_government_get_or_create(
    *, name: str, name_en: str, country: str, level: str, name_kana: str = ""
) -> OverseasGovernment:
    """The overseas government with this English name, country and level; added when new."""
    government, created = OverseasGovernment.objects.get_or_create(
        country=country.upper(),
        level=level,
        name_en=name_en.strip(),
        defaults={"name": (name or name_en).strip(), "name_kana": name_kana.strip()},
    )
    if not created and name_kana and not government.name_kana:
        government.name_kana = name_kana.strip()
        government.save(update_fields=["name_kana"])
    return government


def _check(partnership: Partnership, parties: Parties) -> None:
    errors: dict[str, list[str]] = {}
    if len(parties) < 2:
        errors.setdefault("__all__", []).append(_("A partnership needs at least two parties."))
    codes = [g.code for g in parties.local_governments]
    if len(set(codes)) != len(codes) or len({g.pk for g in parties.overseas_governments}) != len(
        parties.overseas_governments
    ):
        errors.setdefault("__all__", []).append(_("Each party may appear only once."))
    if partnership.status == Partnership.Status.FIXED_TERM and partnership.ends_on is None:
        errors.setdefault("ends_on", []).append(_("A fixed-term partnership needs the day it ends."))
    if partnership.ends_on and partnership.ends_on < partnership.established_on:
        errors.setdefault("ends_on", []).append(_("The partnership must end after it was established."))
    if errors:
        raise ValidationError(errors)


def _set_parties(partnership: Partnership, parties: Parties) -> None:
    partnership.parties.all().delete()
    rows = []
    for government in parties.local_governments:
        rows.append(
            Party(
                local_government=government,
                country="JP",
                prefecture_id=government.prefecture_id or government.code,
            )
        )
    rows += [Party(overseas_government=g, country=g.country) for g in parties.overseas_governments]
    rows += [Party(organisation=o, prefecture_id=o.prefecture_id) for o in parties.organisations]
    for order, party in enumerate(rows):
        party.partnership = partnership
        party.order = order
    Party.objects.bulk_create(rows)
    partnership.label, partnership.label_en = _labels(rows)


PARTNERSHIP_FIELDS = (
    "kind",
    "established_on",
    "established_precision",
    "status",
    "ends_on",
    "description_ja",
    "description_en",
    "sources",
    "is_draft",
)


def _normalise_date(day: datetime.date, precision: str) -> datetime.date:
    # The unknown parts are stored as the first of the period, so ordering stays sensible.
    if precision == Partnership.Precision.YEAR:
        return day.replace(month=1, day=1)
    if precision == Partnership.Precision.MONTH:
        return day.replace(day=1)
    return day


@transaction.atomic
def partnership_create(*, user, parties: Parties, **values) -> Partnership:
    """Record a partnership between ``parties`` (at least two) with the values of PARTNERSHIP_FIELDS.

    The caller has checked that ``user`` may record it (access.may_record_as).
    """
    values = {key: values.get(key) for key in PARTNERSHIP_FIELDS if key in values}
    partnership = Partnership(created_by=user, **values)
    partnership.established_on = _normalise_date(partnership.established_on, partnership.established_precision)
    _check(partnership, parties)
    partnership.save()
    _set_parties(partnership, parties)
    partnership.save(update_fields=["label", "label_en"])
    partnership_reindex(partnership)
    changed()
    return partnership


@transaction.atomic
def partnership_update(*, partnership: Partnership, user, parties: Parties, **values) -> Partnership:
    """Change a partnership's values and parties; its anniversaries follow the new start."""
    for key in PARTNERSHIP_FIELDS:
        if key in values:
            setattr(partnership, key, values[key])
    partnership.established_on = _normalise_date(partnership.established_on, partnership.established_precision)
    _check(partnership, parties)
    partnership.updated_at = timezone.now()
    _set_parties(partnership, parties)
    partnership.save()
    partnership_reindex(partnership)
    changed()
    return partnership


# --- Activities and photos -------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "partnership",
    "kind",
    "title_ja",
    "title_en",
    "starts_on",
    "ends_on",
    "place_ja",
    "place_en",
    "participant_count",
    "participant_countries",
    "participant_country_count",
    "description_ja",
    "description_en",
)


def _check_activity(activity: Activity) -> None:
    if activity.ends_on and activity.ends_on < activity.starts_on:
        raise ValidationError({"ends_on": _("The activity must end on or after the day it starts.")})


def check_photo(upload) -> files.Checked:
    """An uploaded photo: a PNG, JPEG, GIF or WebP image by its content, within the size limit."""
    checked = files.check_upload(upload)
    if not checked.is_image:
        raise ValidationError(
            _("%(name)s is not a photo: choose a PNG, JPEG, GIF or WebP image.") % {"name": checked.name},
            code="not_image",
        )
    return checked


def _save_photo(activity: Activity, checked: files.Checked, *, caption: str, alt_text: str, order: int):
    photo = ActivityPhoto(
        activity=activity, content_type=checked.content_type, caption=caption, alt_text=alt_text, order=order
    )
    photo.image.save(files.storage_name(checked.content_type), checked.upload, save=False)
    try:
        thumbnail = files.thumbnail(files.read(checked.upload))
        if thumbnail is not None:
            photo.thumbnail.save(thumbnail.name, thumbnail, save=False)
        photo.save()
    except Exception:
        # The database rolls back; the stored files would stay behind without this.
        photo.image.delete(save=False)
        if photo.thumbnail:
            photo.thumbnail.delete(save=False)
        raise
    return photo


@transaction.atomic
def activity_create(
    *, user, organisation: Organisation, photo=None, caption: str = "", alt_text: str = "", **values
) -> Activity:
    """Record an exchange activity of ``organisation`` (with one first photo, checked by its content)."""
    activity = Activity(
        created_by=user,
        organisation=organisation,
        local_government_id=organisation.local_government_id,
        **{key: values[key] for key in ACTIVITY_FIELDS if key in values},
    )
    _check_activity(activity)
    checked = check_photo(photo) if photo else None
    if checked is not None and not alt_text.strip():
        raise ValidationError({"alt_text": _("Describe what the photo shows.")})
    activity.save()
    if checked is not None:
        _save_photo(activity, checked, caption=caption, alt_text=alt_text, order=0)
    changed()
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, **values) -> Activity:
    """Change an activity's details (its photos are added and removed on their own)."""
    for key in ACTIVITY_FIELDS:
        if key in values:
            setattr(activity, key, values[key])
    _check_activity(activity)
    activity.updated_at = timezone.now()
    activity.save()
    changed()
    return activity


@transaction.atomic
def photo_add(*, activity: Activity, upload, caption: str, alt_text: str) -> ActivityPhoto:
    """Add a photo to an activity; refused when it is not an image or the activity has too many."""
    if not alt_text.strip():
        raise ValidationError({"alt_text": _("Describe what the photo shows.")})
    count = activity.photos.count()
    if count >= MAX_PHOTOS:
        raise ValidationError(_("An activity may have at most %(max)d photos.") % {"max": MAX_PHOTOS})
    photo = _save_photo(activity, check_photo(upload), caption=caption, alt_text=alt_text, order=count)
    changed()
    return photo


@transaction.atomic
def photo_delete(*, photo: ActivityPhoto) -> None:
    """Remove a photo and its files."""
    image, thumbnail = photo.image, photo.thumbnail
    photo.delete()
    transaction.on_commit(lambda: (image.delete(save=False), thumbnail and thumbnail.delete(save=False)))
    changed()


# --- Partner search profiles and introductions -----------------------------------------------

PROFILE_FIELDS = (
    "countries_wanted",
    "regions_wanted",
    "population",
    "area_km2",
    "overview_ja",
    "overview_en",
    "conditions_ja",
    "conditions_en",
    "pr_text_ja",
    "pr_text_en",
    "is_open",
)


@transaction.atomic
def profile_save(*, government: LocalGovernment, user, **values) -> PartnerProfile:
    """Create or update the partner-search profile of ``government``."""
    profile = PartnerProfile.objects.filter(local_government=government).first() or PartnerProfile(
        local_government=government
    )
    for key in PROFILE_FIELDS:
        if key in values:
            setattr(profile, key, values[key])
    profile.updated_by = user
    profile.updated_at = timezone.now()
    profile.save()
    profile_reindex(profile)
    changed()
    return profile


def _mail_contacts(organisation_ids, *, template: str, context: dict) -> bool:
    """Email the organisations' contacts, each in the language they read; whether anyone was written to.

    Links in ``context`` are reversed lazily, so each language's email opens the site in it.
    """
    groups = contact_emails_by_language(organisation_ids)
    for language, emails in groups.items():
        send_templated_mail(to=emails, template=template, context=context, language=language)
    return bool(groups)


@transaction.atomic
def introduction_request_create(
    *, profile: PartnerProfile, requester, organisation: Organisation, message: str
) -> IntroductionRequest:
    """Record a request to be introduced and email it to the profile's municipality contacts."""
    if not message.strip():
        raise ValidationError({"message": _("Write a few words about your organisation and why you ask.")})
    request = IntroductionRequest.objects.create(
        profile=profile, requester=requester, requester_organisation=organisation, message=message.strip()
    )
    _mail_contacts(
        Organisation.objects.filter(local_government=profile.local_government).values("id"),
        template="partnerships/email/introduction_request",
        context={
            "profile": profile,
            "government": profile.local_government,
            "organisation": organisation,
            "requester": requester,
            "message": request.message,
            "url": reverse_lazy("partnerships:profile_detail", kwargs={"pk": profile.pk}),
        },
    )
    return request


# --- Anniversary reminders -------------------------------------------------------------------


def _lead(days_ahead: int) -> str | None:
    # Three months ahead wins when both apply (a partnership recorded late), so one email goes.
    if 0 <= days_ahead <= 92:
        return AnniversaryReminder.Lead.QUARTER
    if 92 < days_ahead <= 366:
        return AnniversaryReminder.Lead.YEAR
    return None


def anniversary_reminders_send(*, today: datetime.date | None = None) -> int:
    """Email each Japanese party's contacts about an anniversary a year and again three months ahead.

    Safe to run every day and more than once: the sent-log (AnniversaryReminder) holds one row
    per partnership, organisation, anniversary and lead, so nobody gets the same reminder twice.
    Returns the number of emails queued.
    """
    from renkei.partnerships.selectors import anniversary_number

    today = today or timezone.localdate()
    last = today + datetime.timedelta(days=366)
    due = (
        Partnership.objects.filter(is_draft=False)
        .anniversaries_between(today, last)
        .prefetch_related("parties__local_government__organisation")
    )
    sent = 0
    for partnership in due.iterator(chunk_size=500):
        day = partnership.anniversary_on(partnership.due_year)
        lead = _lead((day - today).days)
        if lead is None:
            continue
        organisations = [
            party.local_government.organisation
            for party in partnership.parties.all()
            if party.local_government_id and hasattr(party.local_government, "organisation")
        ]
        for organisation in organisations:
            with transaction.atomic():
                _reminder, created = AnniversaryReminder.objects.get_or_create(
                    partnership=partnership,
                    organisation=organisation,
                    anniversary_year=partnership.due_year,
                    lead=lead,
                )
                if not created:
                    continue
                context = {
                    "partnership": partnership,
                    "number": anniversary_number(partnership, partnership.due_year),
                    "day": day,
                    "year": partnership.due_year,
                    "organisation": organisation,
                    "url": reverse_lazy("partnerships:detail", kwargs={"pk": partnership.pk}),
                }
                # Queued in the transaction that logs it (the task queue is in the database): both or neither.
                if _mail_contacts(
                    [organisation.pk], template="partnerships/email/anniversary_reminder", context=context
                ):
                    sent += 1
    return sent
