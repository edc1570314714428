"""Events from the seed documents (data/events.json, data/clair_seminars.json), loaded idempotently.

``events_seed(networks)`` takes the networks by role: ``alliance`` (日本首長連合), ``project``
(特別区全国連携プロジェクト), ``clair`` (CLAIR's seminar programme) and optionally ``mofa``; the
Kitakyushu diplomats' study tour needs an organiser network, so one for MOFA's local partnership
work is created when none is given. Running it again changes nothing.
"""

import datetime
import hashlib
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from renkei.events.models import (
    Event,
    Participant,
    ProgrammePart,
    Series,
    Speaker,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from renkei.events.search import event_reindex
from renkei.lib.dates import fiscal_year
from renkei.networks.models import Network
from renkei.organisations.models import Organisation
from renkei.registry.models import LocalGovernment

DATA = Path(__file__).parent / "data"


def _government(name: str, prefecture: str | None) -> LocalGovernment:
    if prefecture is None:
        return LocalGovernment.objects.get(name=name, kind=LocalGovernment.Kind.PREFECTURE)
    return LocalGovernment.objects.get(name=name, prefecture__name=prefecture)


def _moment(text: str, *, end: bool = False) -> datetime.datetime:
    if "T" in text:
        return timezone.make_aware(datetime.datetime.fromisoformat(text))
    day = datetime.date.fromisoformat(text)
    moment = datetime.datetime.combine(day, datetime.time(23, 59) if end else datetime.time(0, 0))
    return timezone.make_aware(moment)


def _event(network: Network, *, title_ja: str, starts_at, **fields) -> tuple[Event, bool]:
    """The event with this title and start in ``network``, created when missing (the seed's identity)."""
    existing = Event.objects.filter(network=network, title_ja=title_ja, starts_at=starts_at).first()
    if existing:
        return existing, False
    fields.setdefault("status", Event.Status.PUBLISHED)
    event = Event(network=network, title=title_ja, title_ja=title_ja, starts_at=starts_at, **fields)
    event.fiscal_year = fiscal_year(timezone.localdate(starts_at))
    event.full_clean()
    event.save()
    event_reindex(event)
    return event, True


def mofa_network() -> Network:
    """The network of MOFA's local partnership work (Monthly Glocal News, seed 004)."""
    network = Network.objects.filter(slug="mofa-glocal").first()
    if network:
        return network
    office, _created = Organisation.objects.get_or_create(
        kind=Organisation.Kind.NATIONAL_AGENCY,
        name_ja="外務省 地方連携推進室",
        defaults={"name_en": "Ministry of Foreign Affairs of Japan, Local Partnership Cooperation Division"},
    )
    return Network.objects.create(
        slug="mofa-glocal",
        kind=Network.Kind.PROGRAMME,
        name_ja="外務省 地方連携",
        name_en="MOFA Local Partnership (Glocal)",
        secretariat=office,
        accepts_applications=False,
    )


@transaction.atomic
def events_seed(networks: dict[str, Network]) -> int:
    """Create the seed documents' events in ``networks`` (see the module docstring); returns how many were new."""
    data = json.loads((DATA / "events.json").read_text(encoding="utf-8"))
    seminars = json.loads((DATA / "clair_seminars.json").read_text(encoding="utf-8"))["seminars"]
    networks = {**networks}
    if networks.get("mofa") is None:
        networks["mofa"] = mofa_network()
    created = _top_live(networks["alliance"], data["top_live"])
    for row in data["events"]:
        created += _plain_event(networks[row["network"]], row)
    for row in seminars:
        created += _seminar(networks["clair"], row)
    return created


def _top_live(network: Network, data: dict) -> int:
    series, _created = Series.objects.get_or_create(
        network=network,
        name_ja=data["series_ja"],
        defaults={
            "name": data["series_ja"],
            "name_en": data["series_en"],
            "description_ja": data["description_ja"],
            "description_en": data["description_en"],
        },
    )
    created = 0
    last = None
    for episode in data["episodes"]:
        starts_at = _moment(f"{episode['date']}T15:00")
        lg = _government(*episode["government"])
        event, new = _event(
            network,
            title_ja=f"{data['series_ja']} 第{episode['number']}回 {lg.name}",
            title_en=f"{data['series_en']} No. {episode['number']}: {lg.name_en}",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=1),
            kind=Event.Kind.TALK_SESSION,
            series=series,
            number=episode["number"],
            format=Event.Format.ONLINE,
            online_url=data["online_url"],
            fee_ja="無料",
            fee_en="Free",
            summary_ja=data["description_ja"],
            summary_en=data["description_en"],
        )
        if new:
            created += 1
            part = ProgrammePart.objects.create(
                event=event, order=1, title_ja="トークセッション", title_en="Talk session"
            )
            Speaker.objects.create(
                part=part,
                order=1,
                person_name=episode["speaker"],
                person_name_ja=episode["speaker"],
                title_ja=f"{lg.name}長",
                title_en=f"Mayor of {lg.name_en}",
                local_government=lg,
            )
        last = event
    if last is not None and not Survey.objects.filter(event=last).exists():
        _survey_with_comments(last, data)
    return created


def _survey_with_comments(event: Event, data: dict) -> None:
    # The seed quotes comments from the series' survey; they go in as the last episode's responses.
    survey = Survey.objects.create(
        event=event,
        title=data["survey_title_ja"],
        title_ja=data["survey_title_ja"],
        title_en=data["survey_title_en"],
        anonymous=True,
        results_public=True,
    )
    question = SurveyQuestion.objects.create(
        survey=survey,
        order=1,
        kind=SurveyQuestion.Kind.TEXT,
        label=data["survey_question_ja"],
        label_ja=data["survey_question_ja"],
        label_en=data["survey_question_en"],
    )
    for index, comment in enumerate(data["comments"]):
        key = hashlib.sha256(f"seed:{survey.pk}:{index}".encode()).hexdigest()
        response = SurveyResponse.objects.create(survey=survey, respondent_key=key)
        SurveyAnswer.objects.create(response=response, question=question, text=comment)


def _plain_event(network: Network, row: dict) -> int:
    fields = {
        "kind": row["kind"],
        "format": row["format"],
        "visibility": row["visibility"],
        "all_day": row.get("all_day", False),
        "title_en": row["title_en"],
        "summary_ja": row.get("summary_ja", ""),
        "summary_en": row.get("summary_en", ""),
        "venue": row["venue_ja"],
        "venue_ja": row["venue_ja"],
        "venue_en": row["venue_en"],
        "organiser_name": row["organiser_ja"],
        "organiser_name_ja": row["organiser_ja"],
        "organiser_name_en": row["organiser_en"],
        "registration_required": row["kind"] not in ("exhibition", "study_tour"),
    }
    event, new = _event(
        network,
        title_ja=row["title_ja"],
        starts_at=_moment(row["starts"]),
        ends_at=_moment(row["ends"], end=True),
        **fields,
    )
    if not new:
        return 0
    for order, part_row in enumerate(row.get("parts", []), start=1):
        part = ProgrammePart.objects.create(
            event=event,
            order=order,
            title=part_row["title_ja"],
            title_ja=part_row["title_ja"],
            title_en=part_row.get("title_en", ""),
            description_ja=part_row.get("description_ja", ""),
        )
        for speaker_order, speaker in enumerate(part_row["speakers"], start=1):
            government = speaker.get("government")
            Speaker.objects.create(
                part=part,
                order=speaker_order,
                person_name=speaker["name"],
                person_name_ja=speaker["name"],
                title=speaker["title_ja"],
                title_ja=speaker["title_ja"],
                local_government=_government(*government) if government else None,
            )
    for order, host in enumerate(row.get("hosts", []), start=1):
        Participant.objects.create(
            event=event, role=Participant.Role.HOST, order=order, local_government=_government(*host)
        )
    return 1


def _seminar(network: Network, row: dict) -> int:
    hosts = [_government(*host) for host in row["hosts"]]
    year = row["seminar_year"]
    topics = row["topics_en"]
    summary = "\n".join(f"- {topic}" for topic in topics) if len(topics) > 1 else topics[0]
    event, new = _event(
        network,
        title_ja=f"自治体間交流協力セミナー {year}（{row['office_ja']}事務所）",
        title_en=f"Local Government Exchange and Cooperation Seminar {year}: CLAIR {row['office_en']}",
        starts_at=_moment(row["start"]),
        ends_at=_moment(row["end"], end=True),
        kind=Event.Kind.EXCHANGE_SEMINAR,
        all_day=True,
        summary_ja=summary,
        summary_en=summary,
        venue="・".join(lg.name for lg in hosts),
        venue_ja="・".join(lg.name for lg in hosts),
        venue_en=", ".join(lg.name_en for lg in hosts),
        organiser_name=f"クレア{row['office_ja']}事務所",
        organiser_name_ja=f"クレア{row['office_ja']}事務所",
        organiser_name_en=f"CLAIR {row['office_en']}",
        registration_required=False,
    )
    if not new:
        return 0
    for order, lg in enumerate(hosts, start=1):
        Participant.objects.create(event=event, role=Participant.Role.HOST, order=order, local_government=lg)
    return 1
