"""The client's address is read through trusted proxies only (renkei/lib/clients.py).

Sign-in throttling and the inquiry limit count per client address: behind a load balancer each
visitor must still be told apart, and a visitor who connects directly must not choose the
address they are counted under.
"""

import pytest
from django.test import RequestFactory

from renkei.inquiries.tests.conftest import form_data, world  # noqa: F401  (the fixture)
from renkei.lib.clients import client_address

PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):
    settings.RENKEI_TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8:1::/48"]


def address(remote: str, forwarded: str | None = None) -> str | None:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.RENKEI_TRUSTED_PROXIES = []
    assert address("198.51.100.7", "203.0.113.9") == "198.51.100.7"


def test_a_direct_client_cannot_forge_its_address(behind_proxy):
    assert address("198.51.100.7", "203.0.113.9") == "198.51.100.7"
    assert address("198.51.100.7", "10.0.0.2") == "198.51.100.7"


def test_behind_a_trusted_proxy_the_client_is_the_right_most_untrusted_hop(behind_proxy):
    assert address(PROXY, "203.0.113.9") == "203.0.113.9"
    # What the client wrote itself (left) is passed over; so are further trusted proxies (right).
    assert address(PROXY, "1.2.3.4, 203.0.113.9, 10.0.0.7") == "203.0.113.9"
    assert address("2001:db8:1::5", "[2001:db8:9::1]:443") == "2001:db8:9::1"
    assert address(PROXY, "203.0.113.9:5123") == "203.0.113.9"


def test_a_proxy_that_names_no_client_is_the_client(behind_proxy):
    assert address(PROXY) == PROXY
    assert address(PROXY, "not an address") == PROXY
    assert address(PROXY, "203.0.113.9, garbage, 10.0.0.7") == "10.0.0.7"


def test_an_ipv4_client_on_an_ipv6_socket_is_the_same_client(settings):
    settings.RENKEI_TRUSTED_PROXIES = []
    assert address("::ffff:198.51.100.7") == "198.51.100.7"


@pytest.mark.django_db
def test_inquiries_behind_a_proxy_are_counted_per_visitor(client, world, behind_proxy, settings):  # noqa: F811
    settings.RENKEI_INQUIRY_RATE_LIMITS = (100, 1)
    form = "/en/contact/alliance/"

    def send(visitor: str, email: str) -> int:
        data = form_data(email=email)
        return client.post(form, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=visitor).status_code

    assert send("203.0.113.1", "a@example.jp") == 302
    # Another visitor behind the same balancer is not held back by the first one.
    assert send("203.0.113.2", "b@example.jp") == 302
    assert send("203.0.113.1", "c@example.jp") == 429
