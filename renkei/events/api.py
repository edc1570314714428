"""Events in the API: /api/v1/events and /api/v1/events/{id}, through Event.objects.visible_to.

The online link is never in the API: it is shown only to confirmed registrants, on their ticket.
"""

import datetime

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from renkei.accounts.api_auth import request_user
from renkei.events.models import Event, Participant, Speaker
from renkei.events.selectors import participant_groups
from renkei.lib.urls import absolute_url
from renkei.networks.models import Network

router = Router(tags=["events"])

MAX_LIMIT = 100


class EventFilters(Schema):
    network: str = Field("", max_length=50, description="A network's slug; empty for every network")
    from_: datetime.date | None = Field(
        None, alias="from", description="Events running on or after this day (Tokyo); default: today"
    )
    to: datetime.date | None = Field(None, description="Events starting on or before this day (Tokyo)")
    kind: Event.Kind | None = Field(None, description="The kind of event")
    q: str = Field("", max_length=100, description="Words in the title (Japanese or English)")
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"Events per page, 1–{MAX_LIMIT}")
    offset: int = Field(0, ge=0)


class EventOut(Schema):
    id: int
    title: str
    title_ja: str
    title_en: str
    kind: Event.Kind
    network: str
    network_name: str
    series: str | None
    number: int | None
    number_label: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    all_day: bool
    format: Event.Format
    venue: str
    address: str
    organiser_name: str
    status: Event.Status
    visibility: Event.Visibility
    fee: str
    capacity: int | None
    seats_left: int | None
    themes: list[str]
    url: str


class EventPage(Schema):
    count: int
    items: list[EventOut]


class SpeakerOut(Schema):
    name: str
    title: str
    organisation: str | None
    local_government: str | None = Field(None, description="The 6-digit local government code")


class PartOut(Schema):
    title: str
    description: str
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    speakers: list[SpeakerOut]


class ParticipantOut(Schema):
    role: Participant.Role
    role_label: str
    name: str
    local_government: str | None = Field(None, description="The 6-digit local government code")
    overseas_government: str | None = Field(None, description="Its English name")


class EventDetailOut(EventOut):
    summary: str = Field(description="Markdown")
    registration_required: bool
    registration_open_to: Event.OpenTo
    registration_opens_at: datetime.datetime | None
    registration_closes_at: datetime.datetime | None
    programme: list[PartOut]
    participants: list[ParticipantOut]


def _tokyo_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@router.get("", response=EventPage, summary="List events")
def list_events(request, filters: Query[EventFilters]):
    """Events the requester (session or `Authorization: Bearer`) may see, soonest first: public
    events for everyone, members-only events for that network's members and secretariat. Without
    `from`, from today."""
    user = request_user(request)
    start = filters.from_ or timezone.localdate()
    if filters.to is not None and filters.to < start:
        raise HttpError(422, _("“to” must be on or after “from”."))
    events = Event.objects.visible_to(user)
    if filters.network:
        network = Network.objects.filter(slug=filters.network).first()
        if network is None:
            raise HttpError(404, _("No network has this slug."))
        events = events.filter(network=network)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.q.strip():
        for word in filters.q.split():
            events = events.filter(Q(title_ja__icontains=word) | Q(title_en__icontains=word))
    events = events.filter(
        starts_at__gte=_tokyo_midnight(start) - datetime.timedelta(days=366), ends_at__gte=_tokyo_midnight(start)
    )
    if filters.to is not None:
        events = events.filter(starts_at__lt=_tokyo_midnight(filters.to + datetime.timedelta(days=1)))
    page = (
        events.select_related("network", "series")
        .prefetch_related("themes")
        .order_by("starts_at", "id")[filters.offset : filters.offset + filters.limit]
    )
    return {"count": events.count(), "items": [_item(event) for event in page]}


@router.get("/{event_id}", response=EventDetailOut, summary="One event, with its programme and participants")
def get_event(request, event_id: int):
    """An event the requester may see; 404 otherwise, as for an event that does not exist."""
    event = (
        Event.objects.visible_to(request_user(request))
        .select_related("network", "series")
        .prefetch_related(
            "themes",
            Prefetch("parts__speakers", queryset=Speaker.objects.select_related("organisation", "local_government")),
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("local_government", "overseas_government", "organisation"),
            ),
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        raise HttpError(404, _("No event has this id, or it is not shown to you."))
    item = _item(event)
    item.update(
        {
            "summary": event.summary,
            "registration_required": event.registration_required,
            "registration_open_to": event.registration_open_to,
            "registration_opens_at": event.registration_opens_at,
            "registration_closes_at": event.registration_closes_at,
            "programme": [
                {
                    "title": part.title,
                    "description": part.description,
                    "starts_at": part.starts_at,
                    "ends_at": part.ends_at,
                    "speakers": [
                        {
                            "name": speaker.person_name,
                            "title": speaker.title,
                            "organisation": speaker.organisation.name if speaker.organisation_id else None,
                            "local_government": speaker.local_government_id,
                        }
                        for speaker in part.speakers.all()
                    ],
                }
                for part in event.parts.all()
            ],
            "participants": [
                {
                    "role": participant.role,
                    "role_label": str(label),
                    "name": str(participant),
                    "local_government": participant.local_government_id,
                    "overseas_government": participant.overseas_government.name_en
                    if participant.overseas_government is not None
                    else None,
                }
                for label, members in participant_groups(event.participants.all())
                for participant in members
            ],
        }
    )
    return item


def _item(event: Event) -> dict:
    return {
        "id": event.pk,
        "title": event.title,
        "title_ja": event.title_ja or "",
        "title_en": event.title_en or "",
        "kind": event.kind,
        "network": event.network.slug,
        "network_name": event.network.name,
        "series": event.series.name if event.series is not None else None,
        "number": event.number,
        "number_label": event.number_label,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "all_day": event.all_day,
        "format": event.format,
        "venue": event.venue or "",
        "address": event.address,
        "organiser_name": event.organiser_name or "",
        "status": event.status,
        "visibility": event.visibility,
        "fee": event.fee,
        "capacity": event.capacity,
        "seats_left": event.seats_left,
        "themes": [theme.name for theme in event.themes.all()],
        "url": absolute_url(reverse("events:detail", kwargs={"pk": event.pk})),
    }
