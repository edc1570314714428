"""Every content model's declared visibility, persona by persona (renkei.lib.visibility).

For each model, rows in each state (public, members-only, draft or hidden…) and who reads each.
The queryset (``visible_to``), the one-row check (``is_visible_to``) and the network-scoped list
(``visible_to(..., network_id=)``) must all give that answer.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from renkei.board.models import Attachment, Post, Reply
from renkei.board.services import categories_create_defaults
from renkei.events.models import Event
from renkei.events.search import event_reindex
from renkei.events.tests.factories import make_event
from renkei.inquiries.models import Inquiry, PrivacyPolicy
from renkei.lib.audience import access_changed
from renkei.lib.visibility import as_audience
from renkei.matching.models import Need, Offer, Programme, ProgrammeTarget
from renkei.networks.models import Membership
from renkei.news.models import Article, Issue
from renkei.partnerships.models import Activity, PartnerProfile, Partnership
from renkei.partnerships.services import Parties, partnership_create
from renkei.registry.models import OverseasGovernment
from renkei.search.models import SearchEntry
from renkei.search.services import search_index
from renkei.testing import build_world

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "alice", "bob", "charlie", "dave", "secretariat", "admin"]
EVERYONE = set(PERSONAS)
SIGNED_IN = EVERYONE - {"anonymous"}
MEMBERS = {"alice", "bob", "secretariat", "admin"}
SECRETARIAT = {"secretariat", "admin"}


@pytest.fixture
def world(db):
    world = build_world()
    categories_create_defaults(world.network)
    world.admin = get_user_model().objects.create_superuser(email="root@example.jp", password="x" * 12)
    return world


def _audience(world, who):
    return as_audience(None if who == "anonymous" else getattr(world, who))


def _post(world, **fields):
    return Post.objects.create(
        network=world.network,
        category=world.network.board_categories.first(),
        author=world.alice,
        author_organisation=world.alice_org,
        **{"title": "t", "body": "b", **fields},
    )


def board_rows(world):
    public, members, hidden = _post(world, visibility="public"), _post(world), _post(world, hidden=True)
    signed_in = _post(world, visibility="signed_in")

    def reply(post, **fields):
        return Reply.objects.create(post=post, author_organisation=world.alice_org, body="r", **fields)

    def attachment(post):
        return Attachment.objects.create(post=post, name="a.pdf", content_type="application/pdf", size=1)

    return [
        (public, EVERYONE),
        (signed_in, SIGNED_IN),
        (members, MEMBERS),
        (hidden, SECRETARIAT),
        (reply(public), EVERYONE),
        (reply(members), MEMBERS),
        (reply(public, hidden=True), SECRETARIAT),
        (reply(hidden), SECRETARIAT),
        (attachment(signed_in), SIGNED_IN),
        (attachment(members), MEMBERS),
        (attachment(hidden), SECRETARIAT),
    ]


def event_rows(world):
    def event(status, visibility):
        return make_event(world.network, status=status, visibility=visibility)

    return [
        (event(Event.Status.PUBLISHED, Event.Visibility.PUBLIC), EVERYONE),
        (event(Event.Status.CANCELLED, Event.Visibility.PUBLIC), EVERYONE),
        (event(Event.Status.PUBLISHED, Event.Visibility.MEMBERS), MEMBERS),
        (event(Event.Status.DRAFT, Event.Visibility.PUBLIC), SECRETARIAT),
    ]


def news_rows(world):
    now = timezone.now()

    def article(visibility, published_at):
        return Article.objects.create(
            network=world.network, title="a", summary="s", body="b", visibility=visibility, published_at=published_at
        )

    def issue(status):
        return Issue.objects.create(network=world.network, title="i", status=status)

    return [
        (article("public", now - datetime.timedelta(days=1)), EVERYONE),
        (article("members", now - datetime.timedelta(days=1)), MEMBERS),
        (article("public", now + datetime.timedelta(days=1)), SECRETARIAT),
        (issue(Issue.Status.SENT), EVERYONE),
        (issue(Issue.Status.DRAFT), SECRETARIAT),
    ]


def partnership_rows(world):
    abroad = OverseasGovernment.objects.get(name_en="Digne-les-Bains")

    def partnership(organisation, is_draft):
        return partnership_create(
            user=None,
            parties=Parties(
                local_governments=[organisation.local_government], overseas_governments=[abroad], organisations=[]
            ),
            kind=Partnership.Kind.SISTER_CITY,
            established_on=datetime.date(1994, 1, 1),
            established_precision=Partnership.Precision.YEAR,
            is_draft=is_draft,
        )

    published, draft = partnership(world.charlie_org, False), partnership(world.alice_org, True)

    def activity(partnership):
        return Activity.objects.create(
            partnership=partnership, organisation=world.alice_org, kind="visit", title="t", starts_on="2025-01-01"
        )

    def profile(organisation, is_open):
        return PartnerProfile.objects.create(
            local_government=organisation.local_government, overview="o", is_open=is_open
        )

    return [
        (published, EVERYONE),
        # A draft for its parties' staff and the secretariat of a network they are active members of.
        (draft, {"alice", "secretariat", "admin"}),
        (activity(published), EVERYONE),
        (activity(draft), {"alice", "secretariat", "admin"}),
        (profile(world.charlie_org, True), SIGNED_IN),
        (profile(world.bob_org, False), {"bob", "admin"}),
    ]


def matching_rows(world):
    def need(organisation, visibility):
        return Need.objects.create(organisation=organisation, title="n", description="d", visibility=visibility)

    def offer(status):
        return Offer.objects.create(organisation=world.company_org, title="o", description="d", status=status)

    def programme(visibility, is_draft=False, target=None):
        made = Programme.objects.create(
            organisation=world.secretariat_org,
            network=world.network,
            agency="観光庁",
            title="p",
            description="d",
            visibility=visibility,
            is_draft=is_draft,
        )
        if target is not None:
            ProgrammeTarget.objects.create(programme=made, organisation=target)
        return made

    return [
        (need(world.charlie_org, "public"), EVERYONE),
        # Members of any network (and the secretariat); one's own whatever its visibility.
        (need(world.charlie_org, "members"), MEMBERS | {"charlie"}),
        (offer(Offer.Status.OPEN), EVERYONE),
        (offer(Offer.Status.CLOSED), {"dave", "admin"}),
        (programme("public"), EVERYONE),
        (programme("members"), MEMBERS),
        (programme("members", target=world.company_org), MEMBERS | {"dave"}),
        (programme("public", is_draft=True), SECRETARIAT),
    ]


def inquiry_rows(world):
    policy = PrivacyPolicy.objects.create(network=world.network, version=1, body="p")
    platform = PrivacyPolicy.objects.create(network=None, version=1, body="p")

    def inquiry(network, policy):
        return Inquiry.objects.create(
            network=network, name="n", email="n@example.jp", message="m", policy=policy, due_on="2025-01-10"
        )

    return [(inquiry(world.network, policy), SECRETARIAT), (inquiry(None, platform), {"admin"})]


def search_rows(world):
    def entry(obj, visibility, network=world.network):
        return search_index(obj=obj, title="t", body="", network=network, visibility=visibility)

    return [
        (entry(world.alice_org, "public"), EVERYONE),
        (entry(world.bob_org, "signed_in"), SIGNED_IN),
        (entry(world.charlie_org, "members"), MEMBERS),
        (entry(world.company_org, "members", network=None), {"admin"}),
    ]


ROWS = [board_rows, event_rows, news_rows, partnership_rows, matching_rows, inquiry_rows, search_rows]


@pytest.mark.parametrize("rows", ROWS, ids=lambda rows: rows.__name__)
def test_each_row_is_read_exactly_by_those_its_declaration_names(world, rows):
    made = rows(world)
    for who in PERSONAS:
        audience = _audience(world, who)
        for obj, readers in made:
            manager = type(obj).objects
            expected = who in readers
            assert manager.visible_to(audience).filter(pk=obj.pk).exists() == expected, (obj, who)
            assert obj.is_visible_to(audience) == expected, (obj, who)
            if manager.all().network == "network" and obj.network_id:
                listed = manager.visible_to(audience, network_id=obj.network_id).filter(pk=obj.pk).exists()
                assert listed == expected, (obj, who)


def test_a_withdrawn_member_no_longer_reads_the_members_rows(world):
    members = _post(world)
    assert members.is_visible_to(as_audience(world.bob))
    Membership.objects.filter(organisation=world.bob_org).update(status=Membership.Status.WITHDRAWN)
    access_changed()  # a bulk update sends no signal
    assert not members.is_visible_to(as_audience(world.bob))
    assert not Post.objects.visible_to(world.bob).filter(pk=members.pk).exists()


def test_only_published_rows_are_in_search(world):
    draft = make_event(world.network, status=Event.Status.DRAFT)
    shown = make_event(world.network, status=Event.Status.PUBLISHED)
    event_reindex(draft)
    event_reindex(shown)
    assert list(SearchEntry.objects.values_list("object_id", flat=True)) == [str(shown.pk)]
    assert {e.pk for e in Event.objects.out()} == {shown.pk}


def test_the_one_row_check_runs_no_query_for_a_plain_rule(world, django_assert_num_queries):
    post = _post(world)
    audience = _audience(world, "bob")
    with django_assert_num_queries(0):
        assert post.is_visible_to(audience)
