"""A kept page is never other than the page drawn afresh, for anyone, after any write.

Every kind of kept page is read by every persona, so that what each is served is kept. Then
people write the way they do (a post, a reply, hiding a post, publishing a scheduled article,
a membership withdrawn, staff removed, a registration, a partnership recorded) and, after each
write, every persona's kept page equals what the view draws with keeping off
(``assert_kept_as_drawn``): a write shows at once, and no one is served a copy drawn for
someone with other rights.
"""

import datetime

from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone, translation

from renkei.board.models import Category, Post
from renkei.board.services import categories_create_defaults, post_create, post_hide, reply_create
from renkei.events.registration import Registrant, registration_create
from renkei.events.tests.registration_helpers import upcoming_event
from renkei.inquiries.models import Inquiry
from renkei.inquiries.services import privacy_policy_publish
from renkei.matching.models import Theme
from renkei.matching.services import programme_create
from renkei.networks.models import Application, Membership, Tier
from renkei.news.models import Article
from renkei.news.services import article_create, article_update
from renkei.notifications.models import Kind
from renkei.notifications.services import notify
from renkei.organisations.models import Organisation, Staff
from renkei.partnerships.models import Partnership
from renkei.partnerships.services import Parties, partnership_create
from renkei.registry.models import OverseasGovernment
from renkei.testing import (
    OrganisationFactory,
    UserFactory,
    assert_kept_as_drawn,
    build_world,
    login_with_second_factor,
    staff,
)


class KeptPagesTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        world = cls.world = build_world()
        categories_create_defaults(world.network)
        cls.admin = UserFactory(email="admin@example.jp", is_superuser=True, is_staff=True)
        cls.post = cls._post("棚田の保全に関する連携", Post.Visibility.MEMBERS)
        cls.public_post = cls._post("棚田オーナー制度の紹介", Post.Visibility.PUBLIC)
        cls.event = upcoming_event(world)
        cls.article = article_create(
            network=world.network,
            author=world.secretariat,
            kind=Article.Kind.NOTICE,
            title_ja="棚田フォーラムのお知らせ",
            body_ja="本文です。",
            visibility=Article.Visibility.PUBLIC,
        )
        cls.scheduled = article_create(
            network=world.network,
            author=world.secretariat,
            kind=Article.Kind.NOTICE,
            title_ja="棚田サミット開催決定",
            body_ja="予定です。",
            visibility=Article.Visibility.PUBLIC,
            published_at=timezone.now() + datetime.timedelta(days=3),
        )
        agency = OrganisationFactory(kind=Organisation.Kind.NATIONAL_AGENCY, name="経済産業省", name_en="METI")
        erin = UserFactory(email="erin@example.jp", name="経産 エリン")
        staff(erin, agency)
        cls.programme = programme_create(
            organisation=agency,
            author=erin,
            network=world.network,
            agency="経済産業省",
            title="伝産品・工芸品の磨き上げ事業",
            description="工芸品の価値の言語化とブランディングの実証事業。",
            target_regions=["kinki"],
            themes=[Theme.objects.first()],
            visibility="members",
        )

    @classmethod
    def _post(cls, title: str, visibility: str) -> Post:
        world = cls.world
        return post_create(
            network=world.network,
            author=world.alice,
            author_organisation=world.alice_org,
            category=world.network.board_categories.get(kind=Category.Kind.PROPOSAL),
            title=title,
            body="棚田の景観を守る取り組みをご一緒しませんか。",
            visibility=visibility,
        )

    def _personas(self) -> dict[str, tuple[Client, str]]:
        """Each persona's client and the language prefix of the addresses it reads."""
        world = self.world
        people = {"charlie": world.charlie, "alice": world.alice, "dave": world.dave, "admin": self.admin}
        personas = {"visitor": (Client(), ""), "visitor-en": (Client(), "/en")}
        for name, user in people.items():
            client = Client()
            client.force_login(user)
            personas[name] = (client, "")
        secretariat = Client()
        login_with_second_factor(secretariat, world.secretariat)
        personas["secretariat"] = (secretariat, "")
        return personas

    def _pages(self) -> list[str]:
        slug = self.world.network.slug
        with translation.override("ja"):
            return [
                reverse("networks:detail", args=[slug]),
                reverse("networks:directory", args=[slug]),
                reverse("registry:list") + "?q=かまいし",
                reverse("registry:detail", args=[self.world.alice_org.local_government_id]),
                reverse("board:list", args=[slug]),
                reverse("board:post_detail", args=[slug, self.post.pk]),
                reverse("board:post_detail", args=[slug, self.public_post.pk]),
                reverse("news:list", args=[slug]),
                reverse("news:detail", args=[slug, self.article.pk]),
                reverse("events:calendar"),
                reverse("events:detail", args=[self.event.pk]),
                reverse("events:manage_registrants", args=[self.event.pk]),
                reverse("partnerships:directory"),
                reverse("partnerships:statistics"),
                reverse("partnerships:anniversaries"),
                reverse("matching:programme_relay", args=[self.programme.pk]),
                reverse("search:search") + "?q=棚田",
                reverse("web:my_home"),
                reverse("networks:manage", args=[slug]),
            ]

    def _assert_all_kept_as_drawn(self, personas, pages, after: str) -> None:
        for name, (client, prefix) in personas.items():
            for page in pages:
                with self.subTest(after=after, persona=name, page=page):
                    assert_kept_as_drawn(client, prefix + page)

    def test_every_kept_page_is_the_page_drawn_afresh_after_every_write(self):
        world = self.world
        personas = self._personas()
        pages = self._pages()
        for client, prefix in personas.values():
            for page in pages:
                client.get(prefix + page)

        writes = [
            ("a post", lambda: self._post("棚田の新しい提案", Post.Visibility.MEMBERS)),
            (
                "a reply",
                lambda: reply_create(
                    post=self.post, author=world.bob, author_organisation=world.bob_org, body="ぜひご一緒に。"
                ),
            ),
            ("hiding a post", lambda: post_hide(post=self.public_post, hidden=True)),
            (
                "a scheduled article published",
                lambda: article_update(article=self.scheduled, published_at=timezone.now()),
            ),
            (
                "a membership withdrawn",
                lambda: Membership.objects.filter(organisation=world.alice_org).update(
                    status=Membership.Status.WITHDRAWN
                ),
            ),
            ("staff removed", lambda: Staff.objects.filter(user=world.charlie).delete()),
            (
                "a registration",
                lambda: registration_create(
                    event=self.event,
                    registrant=Registrant(name=world.bob.name, email=world.bob.email, user=world.bob),
                    registered_by=world.bob,
                ),
            ),
            ("a partnership recorded", self._record_partnership),
            (
                "a notification",
                lambda: notify(
                    recipients=[world.alice, world.charlie, world.secretariat],
                    kind=Kind.FOLLOWED_POST,
                    title="棚田の新しい提案",
                    url="/",
                ),
            ),
            (
                "an inquiry to the secretariat",
                lambda: Inquiry.objects.create(
                    network=world.network,
                    name="問合 太郎",
                    email="toiawase@example.jp",
                    message="入会について教えてください。",
                    due_on=timezone.localdate() + datetime.timedelta(days=3),
                    policy=privacy_policy_publish(
                        network=world.network, body_ja="個人情報の取扱い", body_en="Privacy", author=world.secretariat
                    ),
                ),
            ),
            (
                "an application to join",
                lambda: Application.objects.create(
                    network=world.network,
                    organisation_kind=Organisation.Kind.COMPANY,
                    organisation_name="株式会社デモ",
                    tier=world.network.tiers.first() or Tier.objects.create(network=world.network, name="正会員"),
                    contact_name="申込 花子",
                    email="moushikomi@example.jp",
                ),
            ),
            (
                "a ticket of one's own",
                lambda: registration_create(
                    event=self.event,
                    registrant=Registrant(name=world.alice.name, email=world.alice.email, user=world.alice),
                    registered_by=world.alice,
                ),
            ),
        ]
        for after, write in writes:
            write()
            self._assert_all_kept_as_drawn(personas, pages, after)

    def _record_partnership(self) -> Partnership:
        world = self.world
        return partnership_create(
            user=world.alice,
            parties=Parties(
                local_governments=[world.alice_org.local_government],
                overseas_governments=[OverseasGovernment.objects.get(name_en="Willich")],
                organisations=[],
            ),
            kind=Partnership.Kind.SISTER_CITY,
            status=Partnership.Status.ACTIVE,
            established_on=datetime.date(1994, 1, 1),
            established_precision=Partnership.Precision.YEAR,
        )
