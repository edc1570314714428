"""Wrong passwords are counted per account and per client address, behind a proxy too.

One visitor's mistakes must not lock anybody else out: not another account (the count per
account) and not the other people behind the same load balancer (the count per client address,
read through RENKEI_TRUSTED_PROXIES).
"""

import pytest

from renkei.testing import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"
PROXY = "10.0.0.2"
TOO_MANY = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def throttled(settings):
    # The test settings switch allauth's limits off; these are the site's own.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    settings.RENKEI_TRUSTED_PROXIES = ["10.0.0.0/24"]


@pytest.fixture
def people(db):
    return [UserFactory(email=f"person{n}@example.jp") for n in range(12)]


def sign_in(client, email: str, password: str, **meta) -> str:
    response = client.post(LOGIN, {"login": email, "password": password}, **meta)
    client.logout()
    if response.status_code == 302:
        return "signed in"
    return "locked" if TOO_MANY in response.content.decode() else "refused"


def test_failures_on_one_account_do_not_lock_another(client, people):
    alice, bob = people[:2]
    for _n in range(5):
        assert sign_in(client, alice.email, "wrong") == "refused"
    assert sign_in(client, alice.email, PASSWORD) == "locked"
    assert sign_in(client, bob.email, PASSWORD) == "signed in"


def test_one_address_cannot_try_many_accounts(client, people):
    for person in people[:10]:
        assert sign_in(client, person.email, "wrong", REMOTE_ADDR="198.51.100.7") == "refused"
    assert sign_in(client, people[10].email, PASSWORD, REMOTE_ADDR="198.51.100.7") == "locked"
    assert sign_in(client, people[10].email, PASSWORD, REMOTE_ADDR="198.51.100.8") == "signed in"


def test_behind_a_trusted_proxy_each_visitor_is_counted_apart(client, people):
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for person in people[:10]:
        assert sign_in(client, person.email, "wrong", **attacker) == "refused"
    assert sign_in(client, people[10].email, PASSWORD, **attacker) == "locked"
    # Someone else coming through the same balancer signs in as usual.
    colleague = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    assert sign_in(client, people[11].email, PASSWORD, **colleague) == "signed in"


def test_a_direct_client_forging_the_header_is_counted_under_its_own_address(client, people):
    for n, person in enumerate(people[:10]):
        forged = {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"}
        assert sign_in(client, person.email, "wrong", **forged) == "refused"
    forged = {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "203.0.113.200"}
    assert sign_in(client, people[10].email, PASSWORD, **forged) == "locked"
