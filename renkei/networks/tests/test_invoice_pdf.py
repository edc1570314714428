"""Fee invoices a treasurer can pay and file, read back from the PDF with pdftotext."""

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from renkei.networks.invoices import invoice_pdf
from renkei.networks.models import Invoice, Network, TaxTreatment
from renkei.networks.services import invoices_issue
from renkei.testing import build_world, login_with_second_factor

pytestmark = pytest.mark.django_db
ISSUED = datetime.date(2025, 7, 28)
BANK = {
    "bank_name": "りそな銀行",
    "bank_branch": "松原支店",
    "bank_account_type": "ordinary",
    "bank_account_number": "1234567",
    "bank_account_holder": "テストシュチョウレンゴウ",
}


def pdf_text(content: bytes) -> str:
    """The text a reader sees in the PDF, as pdftotext (poppler) extracts it (a full-width space reads as a space)."""
    assert shutil.which("pdftotext"), "pdftotext is missing: run scripts/system-deps.sh"
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


def alice_invoice(**network_fields) -> Invoice:
    with translation.override("ja"):
        w = build_world()
    Network.objects.filter(pk=w.network.pk).update(**network_fields)
    invoices_issue(network=w.network, fiscal_year=2025, issued_on=ISSUED)
    return Invoice.objects.select_related("membership__organisation", "membership__network__secretariat").get(
        membership__organisation=w.alice_org
    )


def test_a_japanese_invoice_names_the_account_and_is_not_taxable():
    invoice = alice_invoice(**BANK)
    with translation.override("ja"):
        text = pdf_text(invoice_pdf(invoice))
    assert "請求書" in text and "ALLIANCE-2025-0002" in text
    assert "松原市 御中" in text
    assert "50,000円" in text and "¥" not in text
    assert "令和7年度 年会費（正会員）" in text
    assert "発行日：令和7年7月28日（月）" in text
    assert "お支払期限：令和7年8月27日（水）" in text
    assert "振込先：りそな銀行 松原支店" in text
    assert "口座：普通預金 1234567" in text
    assert "口座名義：テストシュチョウレンゴウ" in text
    assert "不課税" in text
    assert "2025-07" not in text and "2025-08" not in text


def test_a_qualified_invoice_shows_the_registration_number_and_the_tax_included():
    invoice = alice_invoice(**BANK, tax_treatment=TaxTreatment.QUALIFIED, tax_registration_number="T1234567890123")
    with translation.override("ja"):
        text = pdf_text(invoice_pdf(invoice))
    assert "登録番号：T1234567890123" in text
    assert "10%対象：50,000円（うち消費税4,545円）" in text
    assert "不課税" not in text


def test_an_english_reader_gets_the_invoice_in_english():
    invoice = alice_invoice(**BANK)
    with translation.override("en"):
        text = pdf_text(invoice_pdf(invoice))
    assert "Invoice number: ALLIANCE-2025-0002" in text
    assert "To Matsubara City" in text
    assert "FY2025 annual fee" in text
    assert "¥50,000" in text
    assert "Pay by: 27 August 2025" in text
    assert "Ordinary account 1234567" in text
    assert "not subject to consumption tax" in text
    assert "請求書" not in text and "年会費" not in text


def test_without_an_account_the_invoice_says_the_secretariat_will_tell():
    invoice = alice_invoice()
    with translation.override("ja"):
        text = pdf_text(invoice_pdf(invoice))
    assert "お振込先は事務局からご案内いたします。" in text


@pytest.fixture
def signed_in(client):
    with translation.override("ja"):
        w = build_world()
    login_with_second_factor(client, w.secretariat)
    return w


def test_the_secretariat_sets_the_payment_details_and_the_next_invoice_prints_them(client, signed_in):
    url = reverse("networks:manage_invoice_settings", args=[signed_in.network.slug])
    page = client.get(url).content.decode()
    assert "請求書の振込先と消費税" in page
    response = client.post(url, {**BANK, "tax_treatment": "qualified", "tax_registration_number": "T1234567890123"})
    assert response.status_code == 302
    network = Network.objects.get(pk=signed_in.network.pk)
    assert (network.bank_account_number, network.tax_registration_number) == ("1234567", "T1234567890123")
    listing = client.get(response["Location"]).content.decode()
    assert "請求書の振込先と消費税を保存しました。" in listing
    assert "請求書の振込先：りそな銀行　松原支店" in listing


def test_bad_payment_details_are_refused_with_what_to_do_and_change_nothing(client, signed_in):
    url = reverse("networks:manage_invoice_settings", args=[signed_in.network.slug])
    page = client.post(url, {**BANK, "bank_account_number": "12-34", "tax_treatment": "qualified"}).content.decode()
    assert "口座番号は7桁の数字で入力してください。" in page
    assert "適格請求書には登録番号が必要です。" in page
    page = client.post(url, {**BANK, "tax_treatment": "qualified", "tax_registration_number": "123"}).content.decode()
    assert "登録番号は、Tに続く13桁の数字で入力してください。" in page
    network = Network.objects.get(pk=signed_in.network.pk)
    assert (network.bank_account_number, network.tax_treatment) == ("", "not_taxable")


def test_only_the_secretariat_sees_the_payment_details(client):
    with translation.override("ja"):
        w = build_world()
    client.force_login(w.alice)
    url = reverse("networks:manage_invoice_settings", args=[w.network.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {**BANK, "tax_treatment": "not_taxable"}).status_code == 403
    assert Network.objects.get(pk=w.network.pk).bank_account_number == ""


def test_names_with_markup_characters_print_as_written():
    invoice = alice_invoice(**{**BANK, "bank_name": "<b>銀行</b> & 信金", "bank_account_holder": "R&D <カ>"})
    with translation.override("ja"):
        text = pdf_text(invoice_pdf(invoice))
    assert "振込先：<b>銀行</b> & 信金" in text
    assert "口座名義：R&D <カ>" in text
