"""The site's addresses: a page in another language, and absolute links at the configured address."""

import pytest
from django.test import override_settings

from renkei.lib.urls import absolute_url, language_url, site_url


@pytest.mark.parametrize(
    ("path", "code", "expected"),
    [
        ("/networks/alliance/", "en", "/en/networks/alliance/"),
        ("/en/networks/alliance/", "ja", "/networks/alliance/"),
        ("/en/networks/alliance/", "en", "/en/networks/alliance/"),
        ("/", "en", "/en/"),
        ("/en/", "ja", "/"),
        ("/english-page/", "en", "/en/english-page/"),
    ],
)
def test_language_url(path, code, expected):
    assert language_url(path, code) == expected


@override_settings(SITE_URL="https://renkei.example:8443/")
def test_absolute_links_use_the_configured_address_in_the_readers_language():
    assert site_url() == "https://renkei.example:8443"
    assert absolute_url("/networks/alliance/") == "https://renkei.example:8443/networks/alliance/"
    assert absolute_url("/networks/alliance/", "en") == "https://renkei.example:8443/en/networks/alliance/"
    assert absolute_url("/en/networks/alliance/", "ja") == "https://renkei.example:8443/networks/alliance/"
