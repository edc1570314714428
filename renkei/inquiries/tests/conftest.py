import time

import pytest

from renkei.inquiries import spam
from renkei.inquiries.models import Inquiry, PrivacyPolicy
from renkei.inquiries.services import inquiry_create, privacy_policy_publish
from renkei.networks.models import Network
from renkei.organisations.models import Organisation
from renkei.testing import OrganisationFactory, UserFactory, build_world, staff


@pytest.fixture(autouse=True)
def _emails_at_once(monkeypatch):
    """Emails are queued once the transaction commits; the test's own transaction never does."""
    monkeypatch.setattr("renkei.inquiries.services.on_commit", lambda callback, *args, **kwargs: callback())


@pytest.fixture
def world(db):
    """The personas, a second network run by another secretariat, and a privacy policy for each desk."""
    world = build_world()
    other_org = OrganisationFactory(kind=Organisation.Kind.SECRETARIAT, name="特別区長会事務局", name_en="Wards office")
    world.other_network = Network.objects.create(
        slug="project", kind=Network.Kind.PROJECT, name="特別区全国連携", name_en="Wards project", secretariat=other_org
    )
    world.other_secretariat = UserFactory(email="other-sec@example.jp", name="他 事務局")
    staff(world.other_secretariat, other_org)
    world.site_staff = UserFactory(email="staff@renkei.example", name="運営 スタッフ", is_staff=True)
    for network in (world.network, world.other_network, None):
        privacy_policy_publish(
            network=network,
            body_ja="個人情報はお問い合わせへの回答にのみ利用します。",
            body_en="We use it to answer.",
            author=None,
        )
    return world


def form_data(**overrides) -> dict:
    """What a person fills in on the public form, opened a minute ago."""
    data = {
        "kind": "general",
        "name": "山田 太郎",
        "organisation": "",
        "email": "taro@example.jp",
        "phone": "",
        "message": "会員になる方法を教えてください。",
        "outlet": "",
        "deadline": "",
        "wanted": "",
        "consent": "on",
        "website": "",
        "opened": spam.opened_token(time.time() - 60),
    }
    data.update(overrides)
    return data


def make_inquiry(network, **fields) -> Inquiry:
    data = {
        "kind": "general",
        "name": "山田 太郎",
        "organisation": "",
        "email": "taro@example.jp",
        "phone": "",
        "message": "質問です。",
        "outlet": "",
        "deadline": None,
        "wanted": "",
    }
    data.update(fields)
    return inquiry_create(network=network, data=data, language="ja", client_ip=None)


def policy_of(network) -> PrivacyPolicy:
    policy = PrivacyPolicy.objects.current(network)
    assert policy is not None
    return policy


def bulk_inquiries(network, count: int, **fields) -> list[Inquiry]:
    """Many inquiries at once, as they stand after arriving (no emails)."""
    from django.utils import timezone

    policy = policy_of(network)
    values = {"kind": "general", "message": "質問です。", "due_on": timezone.localdate(), **fields}
    return Inquiry.objects.bulk_create(
        Inquiry(network=network, policy=policy, name=f"送信者 {n}", email=f"sender{n}@example.jp", **values)
        for n in range(count)
    )
