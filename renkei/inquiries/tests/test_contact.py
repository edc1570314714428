"""The public form: sending an inquiry, its emails, and what keeps spam out."""

import datetime
import time

import pytest
from django.core import mail
from django.utils import timezone

from renkei.inquiries import spam
from renkei.inquiries.models import Inquiry, PrivacyPolicy
from renkei.inquiries.services import privacy_policy_publish
from renkei.inquiries.tests.conftest import form_data, policy_of

pytestmark = pytest.mark.django_db

FORM = "/contact/alliance/"


def media_data(**overrides):
    deadline = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    fields = {
        "kind": "media",
        "name": "記者 花子",
        "organisation": "大阪日日新聞",
        "email": "hanako@shimbun.example.jp",
        "outlet": "大阪日日新聞 社会部",
        "deadline": deadline,
        "wanted": "首長TOP LIVEについて会長へのインタビュー",
        "message": "首長TOP LIVEの取材をお願いします。",
    }
    return form_data(**{**fields, **overrides})


def test_it_shows_the_form_with_the_privacy_policy(client, world):
    response = client.get(FORM)
    assert response.status_code == 200
    page = response.content.decode()
    assert "テスト首長連合へのお問い合わせ" in page
    assert "/contact/alliance/privacy/" in page
    assert "media-fields" in page and 'name="website"' in page


def test_the_platform_has_its_own_form(client, world):
    response = client.post("/en/contact/", form_data(message="How do networks join Renkei?"))
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.network is None and inquiry.language == "en"
    assert inquiry.policy == policy_of(None)
    # Site staff are told; secretariats of networks are not.
    told = [m.to[0] for m in mail.outbox[1:]]
    assert told == ["staff@renkei.example"]


def test_an_unknown_network_has_no_form(client, world):
    assert client.get("/contact/nowhere/").status_code == 404


def test_it_saves_the_inquiry_and_sends_both_emails(client, world):
    response = client.post(FORM, media_data())
    assert response.status_code == 302 and response["Location"] == "/contact/alliance/sent/"
    inquiry = Inquiry.objects.get()
    assert (inquiry.network, inquiry.kind, inquiry.status) == (world.network, "media", "new")
    assert inquiry.outlet == "大阪日日新聞 社会部" and inquiry.policy.version == 1
    acknowledgement, notice = mail.outbox
    assert acknowledgement.to == ["hanako@shimbun.example.jp"]
    assert "お問い合わせを受け付けました" in acknowledgement.subject
    assert inquiry.reference in acknowledgement.body and "テスト首長連合" in acknowledgement.body
    assert notice.to == ["sec@example.jp"]
    assert f"/contact/alliance/inbox/{inquiry.pk}/" in notice.body
    assert "お問い合わせありがとうございました" in client.get(response["Location"]).content.decode()


def test_the_acknowledgement_is_in_the_language_of_the_page(client, world):
    client.post("/en" + FORM, form_data(message="Can our town join?"))
    acknowledgement = mail.outbox[0]
    assert "We received your inquiry" in acknowledgement.subject
    assert "Thank you for contacting Test Mayors' Alliance" in acknowledgement.body


def test_the_acknowledgement_repeats_nothing_the_sender_wrote(client, world):
    # Anyone may type any address: the acknowledgement must not carry their words to it.
    spam_text = {"name": "Win a prize", "organisation": "Prize Office", "message": "Claim at https://spam.example"}
    client.post("/en" + FORM, media_data(outlet="Prize Weekly", wanted="Visit https://spam.example", **spam_text))
    inquiry = Inquiry.objects.get()
    acknowledgement = mail.outbox[0]
    assert inquiry.reference in acknowledgement.subject and inquiry.reference in acknowledgement.body
    assert "Test Mayors' Alliance" in acknowledgement.body
    for text in ("Win a prize", "Prize Office", "spam.example", "Prize Weekly"):
        assert text not in acknowledgement.subject and text not in acknowledgement.body
    # The secretariat still reads all of it.
    assert "Claim at https://spam.example" in mail.outbox[1].body


def test_a_media_request_needs_outlet_deadline_and_what_is_wanted(client, world):
    response = client.post("/en" + FORM, media_data(outlet="", deadline="", wanted=""))
    assert response.status_code == 400
    assert response.content.decode().count("Required for a media request.") == 3
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Inquiry.objects.exists() and not mail.outbox


def test_a_deadline_in_the_past_is_refused(client, world):
    response = client.post("/en" + FORM, media_data(deadline="2020-01-01"))
    assert "The deadline cannot be in the past." in response.content.decode()
    assert not Inquiry.objects.exists()


def test_media_fields_are_dropped_from_other_kinds(client, world):
    client.post(FORM, media_data(kind="membership"))
    inquiry = Inquiry.objects.get()
    assert (inquiry.outlet, inquiry.deadline, inquiry.wanted) == ("", None, "")


def test_consent_is_required(client, world):
    data = form_data()
    del data["consent"]
    response = client.post("/en" + FORM, data)
    consent = "Tick “I have read the privacy policy and agree to it.” to go on."
    assert response.status_code == 400 and consent in response.content.decode()
    assert not Inquiry.objects.exists()


def test_the_honeypot_keeps_robots_out(client, world):
    response = client.post("/en" + FORM, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert "must stay empty" in response.content.decode()
    assert not Inquiry.objects.exists() and not mail.outbox


def test_a_form_sent_too_quickly_is_refused(client, world):
    response = client.post("/en" + FORM, form_data(opened=spam.opened_token()))
    assert response.status_code == 400
    assert "The form was sent too quickly" in response.content.decode()
    assert not Inquiry.objects.exists() and not mail.outbox


def test_a_forged_or_stale_opening_time_is_refused_and_renewed(client, world):
    for opened in ("forged", spam.opened_token(time.time() - 2 * spam.FORM_MAX_AGE)):
        response = client.post("/en" + FORM, form_data(opened=opened))
        assert response.status_code == 400
        assert "This form was opened too long ago" in response.content.decode()
        assert response.context["form"].data["opened"] != opened
    assert not Inquiry.objects.exists()


def test_one_address_may_send_only_a_few_an_hour(client, world, settings):
    settings.RENKEI_INQUIRY_RATE_LIMITS = (2, 100)
    for _n in range(2):
        assert client.post("/en" + FORM, form_data()).status_code == 302
    response = client.post("/en" + FORM, form_data(email="TARO@example.jp"))
    assert response.status_code == 429
    assert "Please wait an hour" in response.content.decode()
    assert Inquiry.objects.count() == 2
    # Another address from elsewhere is still welcome.
    assert client.post("/en" + FORM, form_data(email="jiro@example.jp"), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_one_client_may_send_only_a_few_an_hour(client, world, settings):
    settings.RENKEI_INQUIRY_RATE_LIMITS = (100, 3)
    for n in range(3):
        assert client.post(FORM, form_data(email=f"a{n}@example.jp")).status_code == 302
    response = client.post(FORM, form_data(email="new@example.jp"))
    assert response.status_code == 429
    assert "しばらく時間をおいて" in response.content.decode()
    assert Inquiry.objects.count() == 3


def test_without_a_privacy_policy_the_form_is_closed(client, world):
    PrivacyPolicy.objects.filter(network=world.other_network).delete()
    response = client.get("/contact/project/")
    assert '<form method="post" class="inquiry-form"' not in response.content.decode()
    response = client.post("/en/contact/project/", form_data())
    assert response.status_code == 400
    assert "This form opens once the privacy policy is published" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_an_inquiry_keeps_the_version_consented_to(client, world):
    client.post(FORM, form_data())
    privacy_policy_publish(network=world.network, body_ja="第2版", body_en="", author=world.secretariat)
    client.post(FORM, form_data(email="second@example.jp"))
    assert sorted(Inquiry.objects.values_list("policy__version", flat=True)) == [1, 2]


def test_the_privacy_policy_page_shows_the_current_version(client, world):
    privacy_policy_publish(network=world.network, body_ja="第2版の本文", body_en="", author=world.secretariat)
    page = client.get("/contact/alliance/privacy/").content.decode()
    assert "第2版の本文" in page and "第2版" in page
    # No English text: the English page falls back to the Japanese one.
    assert "第2版の本文" in client.get("/en/contact/alliance/privacy/").content.decode()
