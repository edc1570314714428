"""What the homes' tests read: each persona's own work, and something of every other persona's beside it."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from renkei.board.models import Category, Post
from renkei.board.services import categories_create_defaults
from renkei.events.models import Event, Registration, Survey
from renkei.matching.models import Introduction, Programme, ProgrammeTarget
from renkei.news.models import Article
from renkei.notifications.models import Kind, Notification
from renkei.organisations.models import Organisation
from renkei.testing import OrganisationFactory


@dataclass
class Work:
    members_post: Post
    public_post: Post
    alice_event: Event
    members_event: Event
    survey_event: Event
    alice_ticket: Registration
    bob_ticket: Registration
    programme: Programme
    introduction: Introduction


def _event(network, title: str, title_en: str, start: datetime.datetime, **fields) -> Event:
    return Event.objects.create(
        network=network,
        kind=Event.Kind.LECTURE,
        title=title,
        title_ja=title,
        title_en=title_en,
        venue_ja="ベルサール神保町",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        **fields,
    )


def _ticket(event: Event, user, organisation, **fields) -> Registration:
    return Registration.objects.create(
        event=event,
        user=user,
        organisation=organisation,
        name=user.name,
        email=user.email,
        status=Registration.Status.CONFIRMED,
        **fields,
    )


def _post(world, title: str, visibility: str, **fields) -> Post:
    category = Category.objects.filter(network=world.network).first()
    return Post.objects.create(
        network=world.network,
        category=category,
        author=world.bob,
        author_organisation=world.bob_org,
        title=title,
        body="本文",
        visibility=visibility,
        **fields,
    )


def populate(world) -> Work:
    """Posts, events, tickets, a survey, a programme, an introduction and notifications around the personas."""
    now = timezone.now()
    if not Category.objects.filter(network=world.network).exists():
        categories_create_defaults(world.network)
    members_post = _post(world, "会員限定：防災協定の相手を探しています", Post.Visibility.MEMBERS)
    public_post = _post(world, "公開：観光パンフレットの配架", Post.Visibility.PUBLIC)
    _post(world, "古い投稿：昨年の報告", Post.Visibility.MEMBERS, created_at=now - datetime.timedelta(days=60))
    alice_event = _event(world.network, "全国連携講演会", "Nationwide lecture", now + datetime.timedelta(days=10))
    members_event = _event(
        world.network,
        "会員交流会",
        "Members' meeting",
        now + datetime.timedelta(days=20),
        visibility=Event.Visibility.MEMBERS,
    )
    survey_event = _event(
        world.network,
        "首長TOP LIVE 第1回",
        "Mayors TOP LIVE 1",
        now - datetime.timedelta(days=3),
        format=Event.Format.ONLINE,
    )
    Survey.objects.create(
        event=survey_event, title="第1回アンケート", title_ja="第1回アンケート", title_en="Survey of session 1"
    )
    alice_ticket = _ticket(alice_event, world.alice, world.alice_org)
    bob_ticket = _ticket(members_event, world.bob, world.bob_org)
    _ticket(survey_event, world.alice, world.alice_org)
    agency = OrganisationFactory(kind=Organisation.Kind.NATIONAL_AGENCY, name="経済産業省", name_en="METI")
    programme = Programme.objects.create(
        organisation=agency,
        agency="経済産業省",
        title="伝統工芸ブランディング支援事業",
        description="伝統工芸品のブランディングを支援します。",
        network=world.network,
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        published_at=now,
    )
    ProgrammeTarget.objects.create(programme=programme, organisation=world.alice_org)
    ProgrammeTarget.objects.create(
        programme=programme, organisation=world.bob_org, status=ProgrammeTarget.Status.APPLYING
    )
    introduction = Introduction.objects.create(
        requester=world.company_org, recipient=world.alice_org, message="ご紹介をお願いします。"
    )
    world.bob_contact.last_confirmed_on = timezone.localdate()
    world.bob_contact.save()
    Notification.objects.create(recipient=world.alice, kind=Kind.REPLY, title="松原の通知", url="/networks/")
    Notification.objects.create(recipient=world.bob, kind=Kind.REPLY, title="南砺の通知", url="/networks/")
    Article.objects.create(
        network=world.network,
        title="公開のお知らせ",
        title_ja="公開のお知らせ",
        title_en="Public notice",
        body="本文",
        published_at=now - datetime.timedelta(days=1),
    )
    Article.objects.create(
        network=world.network,
        title="会員向けのお知らせ",
        title_ja="会員向けのお知らせ",
        title_en="Members' notice",
        body="本文",
        visibility=Article.Visibility.MEMBERS,
        published_at=now - datetime.timedelta(days=1),
    )
    return Work(
        members_post,
        public_post,
        alice_event,
        members_event,
        survey_event,
        alice_ticket,
        bob_ticket,
        programme,
        introduction,
    )
