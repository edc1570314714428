"""English pages carry no Japanese counters or labels: member counts, published figures, tier names."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from renkei.networks.models import Invoice, NetworkFigure
from renkei.networks.services import invoices_issue
from renkei.networks.tests.test_invoice_pdf import pdf_text
from renkei.testing import build_world, login_with_second_factor

pytestmark = pytest.mark.django_db

# A Japanese counter after a number (664団体, 3件, 12名, 5人), or a label that has an English name.
COUNTER = re.compile(r"\d[\d,]*\s*(団体|件|名|人|円)")
LABELS = ("正会員", "一般会員", "無料", "団体")


def _visible(html: str) -> str:
    """The page's text as read: no scripts, styles or tags, and not the language switch's own name (日本語)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html).replace("日本語", "")


def _assert_english(text: str, where: str) -> None:
    assert not COUNTER.search(text), f"{where}: {COUNTER.search(text).group(0)}"  # type: ignore[union-attr]
    for label in LABELS:
        assert label not in text, f"{where}: {label}"


@pytest.fixture
def world():
    with translation.override("ja"):
        world = build_world()
        for label_ja, label_en, value in (
            ("参加自治体", "Participating municipalities", 664),
            ("うち正会員", "of which full members", 67),
        ):
            NetworkFigure.objects.create(
                network=world.network,
                label_ja=label_ja,
                label_en=label_en,
                value=value,
                unit_ja="団体",
                unit_en="",
                as_of=datetime.date(2026, 1, 8),
            )
        invoices_issue(network=world.network, fiscal_year=2025, issued_on=datetime.date(2025, 7, 28))
    # Issued before the tier had its English name.
    Invoice.objects.filter(membership__organisation=world.alice_org).update(tier_name_en="")
    return world


def test_public_and_member_pages_read_in_english_without_japanese_counters(client, world):
    slug = world.network.slug
    for url in ("/en/", "/en/networks/", f"/en/networks/{slug}/"):
        response = client.get(url)
        assert response.status_code == 200
        _assert_english(_visible(response.content.decode()), url)
    assert "664" in _visible(client.get(f"/en/networks/{slug}/").content.decode())
    client.force_login(world.alice)
    url = f"/en/networks/{slug}/directory/"
    page = _visible(client.get(url).content.decode())
    assert "Full member" in page
    _assert_english(page, url)


def test_an_invoice_reads_in_english_with_the_tier_s_english_name(client, world):
    login_with_second_factor(client, world.secretariat)
    invoice = Invoice.objects.get(membership__organisation=world.alice_org)
    with translation.override("en"):
        listing = reverse("networks:manage_invoices", args=[world.network.slug])
        pdf = reverse("networks:manage_invoice_pdf", args=[world.network.slug, invoice.pk])
    page = _visible(client.get(listing, {"year": 2025}).content.decode())
    assert "Full member" in page
    _assert_english(page, listing)
    text = pdf_text(client.get(pdf).content)
    assert "Full member" in text
    for label in ("正会員", "一般会員"):
        assert label not in text


def test_a_japanese_reader_still_reads_the_counters_and_the_tier_as_issued(client, world):
    assert "664団体" in client.get(f"/networks/{world.network.slug}/").content.decode()
    with translation.override("ja"):
        assert Invoice.objects.get(membership__organisation=world.alice_org).tier_label == "正会員"
