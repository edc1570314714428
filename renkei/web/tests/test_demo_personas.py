"""`make run`'s demo: every persona it prints is what it says, and what the demo promises shows on the pages."""

import re
from io import StringIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from renkei.board.models import Message, Post
from renkei.board.services import interest_messages_url
from renkei.events.models import Event, Participant
from renkei.lib.demo import DEMO_DOMAIN
from renkei.matching.models import Programme, ProgrammeTarget
from renkei.networks.audience import audience_of
from renkei.networks.models import Application, Invoice, Membership, Network
from renkei.notifications.models import Notification
from renkei.organisations.models import Organisation
from renkei.partnerships.anniversaries_seed import DEMO_PARTNERSHIPS
from renkei.testing import login_with_second_factor
from renkei.web.demo import demo_activity

ALLIANCE, WARDS, CLAIR, MOFA = (
    "nihon-shucho-rengo",
    "tokubetsuku-zenkoku-renkei",
    "clair-exchange-seminar",
    "mofa-glocal",
)
# The network of each printed member or secretariat: the sign-in text names the organisation only.
NETWORK_OF = {"secretariat": ALLIANCE, "wards": WARDS, "matsubara": ALLIANCE, "nanto": ALLIANCE, "nagaokakyo": WARDS}
SIGN_IN = re.compile(rf"^\s+(\S+)@{re.escape(DEMO_DOMAIN)}\s+(.+)$")


def printed_role(text: str) -> str:
    if "(not a member)" in text:
        return "non-member"
    if "(member" in text:
        return "member"
    if "superuser" in text:
        return "admin"
    if "secretariat" in text:
        return "secretariat"
    if "company" in text:
        return "company"
    raise AssertionError(f"a persona printed with no role: {text}")


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        out = StringIO()
        call_command("setup_demo", stdout=out)
        cls.printed = [match.groups() for line in out.getvalue().splitlines() if (match := SIGN_IN.match(line))]
        cls.users = {local: get_user_model().objects.get(email=f"{local}@{DEMO_DOMAIN}") for local, _ in cls.printed}
        cls.networks = {network.slug: network for network in Network.objects.all()}

    def setUp(self):
        translation.activate("ja")
        self.addCleanup(translation.deactivate)

    # --- The personas -----------------------------------------------------------------------

    def test_it_prints_every_role(self):
        roles = {printed_role(text) for _local, text in self.printed}
        self.assertEqual(roles, {"secretariat", "member", "non-member", "company", "admin"})
        self.assertIn("nagaokakyo", dict(self.printed))  # a member of the 23 wards' board

    def test_it_holds_every_printed_persona_to_its_role(self):
        for local, text in self.printed:
            with self.subTest(local):
                user = self.users[local]
                audience = audience_of(user)
                role = printed_role(text)
                organisations = Organisation.objects.filter(staff__user=user)
                if role != "admin":
                    self.assertEqual(text.split(" (")[0].split(" / ")[0], organisations.get().name_ja)
                if role == "member":
                    network = self.networks[NETWORK_OF[local]]
                    self.assertIn(network.pk, audience.member_of)
                    self.assertFalse(audience.secretariat_of)
                elif role == "secretariat":
                    self.assertEqual(audience.secretariat_of, {self.networks[NETWORK_OF[local]].pk})
                    self.assertFalse(audience.member_of)
                elif role == "non-member":
                    self.assertEqual(organisations.get().kind, Organisation.Kind.MUNICIPALITY)
                    self.assertFalse(audience.member_of or audience.secretariat_of)
                    self.assertFalse(Membership.objects.filter(organisation__in=organisations).exists())
                elif role == "company":
                    self.assertEqual(organisations.get().kind, Organisation.Kind.COMPANY)
                    self.assertFalse(audience.member_of or audience.secretariat_of)
                else:
                    self.assertTrue(audience.site_admin)

    def test_the_alliance_secretariat_needs_its_second_factor(self):
        url = reverse("networks:manage_invoices", args=[ALLIANCE])
        self.client.force_login(self.users["secretariat"])
        self.assertNotEqual(self.client.get(url).status_code, 200)
        login_with_second_factor(self.client, self.users["secretariat"])
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_every_demo_person_is_named_demo_at_the_demo_domain(self):
        people = get_user_model().objects.all()
        self.assertGreater(people.count(), len(self.printed))
        for person in people:
            self.assertTrue(person.email.endswith(f"@{DEMO_DOMAIN}"), person.email)
            self.assertTrue(person.name.startswith("デモ"), person.name)

    # --- The boards ---------------------------------------------------------------------------

    def _board(self, slug: str, user=None):
        if user is not None:
            self.client.force_login(user)
        response = self.client.get(reverse("board:list", kwargs={"slug": slug}))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_every_board_lists_its_posts(self):
        readers = {ALLIANCE: "matsubara", WARDS: "nagaokakyo", CLAIR: "admin", MOFA: "kamaishi"}
        for slug, reader in readers.items():
            with self.subTest(slug):
                titles = list(Post.objects.filter(network__slug=slug).values_list("title", flat=True))
                self.assertGreaterEqual(len(titles), 2)
                page = self._board(slug, self.users[reader])
                for title in titles:
                    self.assertIn(title, page)

    def test_every_post_opens_with_its_replies_and_answers(self):
        self.client.force_login(self.users["admin"])
        for post in Post.objects.filter(reply_count__gt=0).prefetch_related("replies", "pamphlet_answers"):
            with self.subTest(post.title):
                page = self.client.get(reverse("board:post_detail", args=[post.network.slug, post.pk])).content.decode()
                self.assertIn(post.replies.first().body, page)
                promised = sum(answer.copies for answer in post.pamphlet_answers.all())
                if promised:
                    self.assertIn(f"{promised:,}部の配布予定", page)

    def test_interested_members_write_to_the_author(self):
        message = Message.objects.filter(interest__post__author=self.users["nanto"]).select_related("interest").first()
        self.client.force_login(self.users["nanto"])
        page = self.client.get(interest_messages_url(message.interest)).content.decode()
        self.assertIn(message.body, page)

    def test_the_story_tells_the_authors_and_emails_nobody(self):
        told = Notification.objects.filter(recipient__in=[self.users["nagaokakyo"], self.users["nanto"]])
        self.assertTrue(told.filter(read_at=None).exists())
        self.assertFalse(Notification.objects.filter(emailed_at=None, digested_at=None).exists())

    def test_the_wards_member_reads_the_members_posts_the_non_member_does_not(self):
        members_only = Post.objects.filter(network__slug=WARDS, visibility=Post.Visibility.MEMBERS)
        self.assertGreaterEqual(members_only.count(), 5)
        member_page = self._board(WARDS, self.users["nagaokakyo"])
        outsider_page = self._board(WARDS, self.users["kamaishi"])
        for post in members_only:
            self.assertIn(post.title, member_page)
            self.assertNotIn(post.title, outsider_page)

    # --- What the secretariat finds -------------------------------------------------------

    def test_the_invoices_page_lists_fy2025_paid_and_unpaid(self):
        login_with_second_factor(self.client, self.users["secretariat"])
        response = self.client.get(reverse("networks:manage_invoices", args=[ALLIANCE]), {"year": 2025})
        totals = response.context["totals"]
        self.assertGreater(totals["paid_count"], 0)
        self.assertGreater(totals["outstanding_count"], 0)
        invoices = Invoice.objects.filter(membership__network__slug=ALLIANCE, fiscal_year=2025)
        page = response.content.decode()
        self.assertIn(invoices.filter(paid_on__isnull=False).first().number, page)
        self.assertIn(invoices.filter(paid_on__isnull=True).first().number, page)

    def test_applications_wait_on_both_secretariats(self):
        for local, slug in (("secretariat", ALLIANCE), ("wards", WARDS)):
            with self.subTest(slug):
                login_with_second_factor(self.client, self.users[local])
                page = self.client.get(reverse("networks:manage_applications", args=[slug])).content.decode()
                waiting = Application.objects.filter(network__slug=slug, status=Application.Status.PENDING)
                self.assertTrue(waiting.exists())
                for application in waiting:
                    self.assertIn(application.local_government.name, page)

    def test_the_national_programmes_are_relayed_with_statuses(self):
        titles = Programme.objects.filter(network__slug=ALLIANCE).values_list("title", flat=True)
        for words in ("工芸品の発掘", "地域産品を巡るツアー", "ベオグラード", "リヤド", "IR"):
            self.assertTrue(any(words in title for title in titles), words)
        login_with_second_factor(self.client, self.users["secretariat"])
        for programme in Programme.objects.filter(network__slug=ALLIANCE):
            with self.subTest(programme.title):
                page = self.client.get(reverse("matching:programme_relay", args=[programme.pk])).content.decode()
                for status in (ProgrammeTarget.Status.APPLYING, ProgrammeTarget.Status.CONSIDERING):
                    target = programme.targets.filter(status=status).select_related("organisation").first()
                    self.assertIn(str(status.label), page)
                    self.assertIn(target.organisation.name_ja, page)

    # --- What anyone can see ----------------------------------------------------------------

    def test_the_anniversaries_default_view_shows_the_coming_year(self):
        page = self.client.get(reverse("partnerships:anniversaries")).content.decode()
        for _city, _prefecture, partner, *_rest in DEMO_PARTNERSHIPS:
            self.assertIn(partner, page)

    def test_local_japan_lists_its_43_exhibitors(self):
        event = Event.objects.get(title_ja="LOCAL JAPAN展")
        exhibitors = event.participants.filter(role=Participant.Role.EXHIBITOR)
        self.assertEqual(exhibitors.count(), 43)
        named = exhibitors.filter(local_government__isnull=False)
        self.assertTrue(named.filter(local_government__name="松原市").exists())
        self.assertTrue(all(p.name.startswith("【デモ】") for p in exhibitors.filter(local_government__isnull=True)))
        page = self.client.get(reverse("events:detail", args=[event.pk])).content.decode()
        self.assertIn("松原市", page)
        self.assertIn("【デモ】出展自治体 43", page)

    def test_the_co_creation_seminars_run_on_three_axes(self):
        seminars = Event.objects.filter(series__name_ja="地域共創セミナー")
        for axis in ("創る", "繋ぐ", "守る"):
            on_axis = seminars.filter(title_ja__contains=f"〈{axis}〉")
            self.assertEqual(on_axis.count(), 3, axis)
            coming = on_axis.filter(starts_at__gt=timezone.now()).first()
            self.assertTrue(coming.themes.exists())
            page = self.client.get(reverse("events:detail", args=[coming.pk])).content.decode()
            self.assertIn(f"〈{axis}〉", page)

    # --- Running it again ------------------------------------------------------------------------

    def test_running_it_again_changes_nothing(self):
        models = [model for model in apps.get_models() if model.__module__.startswith("renkei.")]
        before = {model._meta.label: model._default_manager.count() for model in models}
        call_command("setup_demo", stdout=StringIO())
        roles = {"alliance": ALLIANCE, "project": WARDS, "clair": CLAIR, "mofa": MOFA}
        demo_activity({role: self.networks[slug] for role, slug in roles.items()})
        self.assertEqual({model._meta.label: model._default_manager.count() for model in models}, before)
