"""Test data shared by every app's tests: factories and the standard personas.

The personas (STYLE.md): the secretariat of a network, a member municipality's staff
(Alice, 松原市), a fellow member's staff (Bob, 南砺市), another municipality's staff who is
not a member (Charlie, 釜石市), a company's staff (Dave), and an anonymous visitor.
"""

import difflib
import re
import smtplib
from dataclasses import dataclass

import factory
from django.contrib.auth import get_user_model
from django.core.mail.backends import locmem
from django.db import connection as db_connection
from django.test import override_settings

from renkei.networks.models import Membership, Network, Tier
from renkei.organisations.models import Contact, Organisation, Staff
from renkei.registry.models import LocalGovernment

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.jp")
    name = factory.Sequence(lambda n: f"利用者{n}")
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.COMPANY
    name = factory.Sequence(lambda n: f"株式会社テスト{n}")
    name_en = factory.Sequence(lambda n: f"Test Company {n}")


def municipality(name: str, prefecture: str) -> Organisation:
    """The organisation of a municipality from the registry, e.g. municipality("松原市", "大阪府")."""
    lg = LocalGovernment.objects.get(name=name, prefecture__name=prefecture)
    org, _ = Organisation.objects.get_or_create(
        local_government=lg,
        defaults={
            "kind": Organisation.Kind.MUNICIPALITY,
            "name": lg.name,
            "name_ja": lg.name,
            "name_en": lg.name_en,
            "name_kana": lg.name_kana,
            "prefecture_id": lg.prefecture_id,
        },
    )
    return org


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    person_name = factory.Sequence(lambda n: f"担当 {n}")
    department = "企画課"
    title = "主事"
    email = factory.Sequence(lambda n: f"contact{n}@example.jp")
    phone = "03-0000-0000"


def staff(user, organisation, role=Staff.Role.ADMIN) -> Staff:
    return Staff.objects.create(user=user, organisation=organisation, role=role)


@dataclass
class World:
    network: Network
    full: Tier
    general: Tier
    secretariat_org: Organisation
    secretariat: object
    alice_org: Organisation
    alice: object
    bob_org: Organisation
    bob: object
    charlie_org: Organisation
    charlie: object
    company_org: Organisation
    dave: object
    alice_contact: Contact
    bob_contact: Contact
    charlie_contact: Contact
    company_contact: Contact


def build_world() -> World:
    """Create one network with its secretariat, two members, an outsider and a company."""
    secretariat_org = OrganisationFactory(kind=Organisation.Kind.SECRETARIAT, name="連合事務局", name_en="Secretariat")
    network = Network.objects.create(
        slug="alliance",
        kind=Network.Kind.ALLIANCE,
        name="テスト首長連合",
        name_ja="テスト首長連合",
        name_en="Test Mayors' Alliance",
        secretariat=secretariat_org,
    )
    full = Tier.objects.create(
        network=network, name="正会員", name_ja="正会員", name_en="Full member", annual_fee=50000, order=1
    )
    general = Tier.objects.create(
        network=network, name="一般会員", name_ja="一般会員", name_en="General member", annual_fee=10000, order=2
    )
    secretariat = UserFactory(email="sec@example.jp", name="事務局 花子")
    staff(secretariat, secretariat_org)

    alice_org = municipality("松原市", "大阪府")
    bob_org = municipality("南砺市", "富山県")
    charlie_org = municipality("釜石市", "岩手県")
    company_org = OrganisationFactory(name="株式会社地域企画", name_en="Chiiki Kikaku Co., Ltd.")
    alice = UserFactory(email="alice@example.jp", name="松原 アリス")
    bob = UserFactory(email="bob@example.jp", name="南砺 ボブ")
    charlie = UserFactory(email="charlie@example.jp", name="釜石 チャーリー")
    dave = UserFactory(email="dave@example.jp", name="企画 デイブ")
    for user, org in ((alice, alice_org), (bob, bob_org), (charlie, charlie_org), (dave, company_org)):
        staff(user, org)
    Membership.objects.create(network=network, organisation=alice_org, tier=full, status=Membership.Status.ACTIVE)
    Membership.objects.create(network=network, organisation=bob_org, tier=general, status=Membership.Status.ACTIVE)
    contacts = [
        ContactFactory(organisation=org, owner=user, is_primary=True, person_name=name, email=email)
        for org, user, name, email in (
            (alice_org, alice, "松原 一郎", "ichiro@matsubara.example.jp"),
            (bob_org, bob, "南砺 二郎", "jiro@nanto.example.jp"),
            (charlie_org, charlie, "釜石 三郎", "saburo@kamaishi.example.jp"),
            (company_org, dave, "企画 四郎", "shiro@kikaku.example.jp"),
        )
    ]
    return World(
        network,
        full,
        general,
        secretariat_org,
        secretariat,
        alice_org,
        alice,
        bob_org,
        bob,
        charlie_org,
        charlie,
        company_org,
        dave,
        *contacts,
    )


def login_with_second_factor(client, user):
    """Sign ``user`` in on ``client`` as if with password and authenticator code (secretariat pages need it).

    Gives the user an authenticator app (TOTP) through allauth.mfa when they have none, and records
    both sign-in steps in the session the way allauth does. Returns the TOTP Authenticator.
    """
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.account.internal.userkit import user_id_to_str
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from renkei.accounts.backends import AuthenticationBackend

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        authenticator = TOTP.activate(user, generate_totp_secret()).instance
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "id": authenticator.pk, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = user_id_to_str(user)
    session.save()
    # Pages read the signed-in user from the cache after the first one; start from there, so
    # query counts measured on the first page are the ones every later page has.
    AuthenticationBackend().get_user(user.pk)
    return authenticator


class MailServerFailing(locmem.EmailBackend):
    """The test outbox, with a mail server that hangs up after ``accept`` emails.

    It also records, for each email, whether the database was inside more transactions than
    when ``watch`` was called: a sender must not keep a write lock while the server answers.
    """

    accept = 0
    depth = 0
    in_transaction: list[bool] = []

    @classmethod
    def watch(cls, *, accept: int) -> None:
        cls.accept, cls.depth, cls.in_transaction = accept, len(db_connection.atomic_blocks), []

    def send_messages(self, messages):
        for _message in messages:
            type(self).in_transaction.append(len(db_connection.atomic_blocks) > type(self).depth)
            if type(self).accept <= 0:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            type(self).accept -= 1
        return super().send_messages(messages)


# What differs between two drawings of the same page by design: a masked CSRF token (64 letters and
# digits, new on every drawing) and a nonce.
_VARYING = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])|nonce=\"[^\"]*\"")


def comparable(content: bytes) -> str:
    return _VARYING.sub("…", content.decode())


def assert_kept_as_drawn(client, url: str) -> None:
    """The page at ``url`` as ``client`` is served it, kept, equals the page drawn afresh.

    Asked twice, so the second answer comes from what was kept, then once with
    ``RENKEI_KEEP_PAGES`` off: nothing is read from what was kept, everything is drawn afresh.
    Apart from form tokens, both must be the same, status included.
    """
    client.get(url)
    kept = client.get(url)
    with override_settings(RENKEI_KEEP_PAGES=False):
        drawn = client.get(url)
    assert kept.status_code == drawn.status_code, f"{url}: kept {kept.status_code}, drawn {drawn.status_code}"
    kept_text, drawn_text = comparable(kept.content), comparable(drawn.content)
    if kept_text != drawn_text:
        diff = difflib.unified_diff(drawn_text.splitlines(), kept_text.splitlines(), "drawn", "kept", lineterm="", n=1)
        raise AssertionError(f"{url}: the kept page differs from the page drawn afresh\n" + "\n".join(list(diff)[:40]))
