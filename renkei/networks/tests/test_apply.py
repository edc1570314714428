"""Applying to join a network: /networks/<slug>/apply/ and services.application_create."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from renkei.networks import services
from renkei.networks.models import Application, Membership, Network
from renkei.organisations.models import Organisation
from renkei.registry.models import LocalGovernment
from renkei.testing import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _japanese():
    with translation.override("ja"):
        yield


@pytest.fixture
def world():
    return build_world()


def _url(world, prefix=""):
    # Reversed in Japanese (no prefix) whatever the last request switched the thread to.
    with translation.override("ja"):
        return prefix + reverse("networks:apply", args=[world.network.slug])


def _post(client, world, prefix="", **overrides):
    data = {
        "applicant": "local_government",
        "local_government": "032115",
        "organisation_name": "",
        "contact_name": "釜石 三郎",
        "department": "国際交流課",
        "email": "saburo@kamaishi.example.jp",
        "phone": "0193-22-2111",
        "tier": str(world.general.pk),
        "message": "よろしくお願いします。",
        **overrides,
    }
    return client.post(_url(world, prefix), data)


def test_form_shows_tiers_with_fees_and_needs_no_sign_in(client, world):
    response = client.get(_url(world))
    content = response.content.decode()
    assert response.status_code == 200
    assert "正会員" in content and "50,000" in content
    assert "一般会員" in content and "10,000" in content
    assert 'hx-get="/local-governments/suggest/"' in content
    assert 'for="id_local_government"' in content
    assert 'for="id_email"' in content
    assert "<legend>" in content


def test_a_municipality_applies_by_code(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, world)
    assert response.status_code == 302
    assert response["Location"] == reverse("networks:apply_thanks", args=[world.network.slug])
    application = Application.objects.get()
    assert application.status == Application.Status.PENDING
    assert application.local_government_id == "032115"
    assert application.organisation_kind == Organisation.Kind.MUNICIPALITY
    assert application.tier == world.general
    assert application.contact_name == "釜石 三郎"
    assert application.department == "国際交流課"
    assert application.message == "よろしくお願いします。"
    thanks = client.get(response["Location"]).content.decode()
    assert "テスト首長連合" in thanks


def test_applicant_and_secretariat_are_emailed(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, world)
    assert len(mail.outbox) == 2
    to_applicant, to_secretariat = mail.outbox
    assert to_applicant.to == ["saburo@kamaishi.example.jp"]
    assert "テスト首長連合" in to_applicant.subject
    assert "岩手県釜石市" in to_applicant.body
    assert "一般会員" in to_applicant.body
    assert to_secretariat.to == ["sec@example.jp"]
    assert "岩手県釜石市" in to_secretariat.subject
    assert "032115" in to_secretariat.body
    assert "よろしくお願いします。" in to_secretariat.body
    application = Application.objects.get()
    assert f"/networks/alliance/manage/applications/{application.pk}/" in to_secretariat.body


def test_english_applicant_gets_the_email_in_english(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, world, prefix="/en")
    assert response["Location"] == "/en/networks/alliance/apply/thanks/"
    assert "Test Mayors' Alliance" in mail.outbox[0].subject
    assert "Kamaishi City, Iwate Prefecture" in mail.outbox[0].body
    # The secretariat reads Japanese.
    assert "テスト首長連合" in mail.outbox[1].subject


@pytest.mark.parametrize("typed", ["釜石", "かまいし", "ｶﾏｲｼ", "Kamaishi", "岩手県釜石市 (032115)"])
def test_the_municipality_can_be_typed_by_name(client, world, typed):
    assert _post(client, world, local_government=typed).status_code == 302
    assert Application.objects.get().local_government_id == "032115"


def test_a_prefecture_applies_as_a_prefecture(client, world):
    _post(client, world, local_government="香川県")
    application = Application.objects.get()
    assert application.local_government_id == "370002"
    assert application.organisation_kind == Organisation.Kind.PREFECTURE


def test_a_company_applies_by_name(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            client,
            world,
            applicant="company",
            local_government="",
            organisation_name="株式会社 新しい企画",
            email="info@atarashii.example.jp",
        )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.local_government is None
    assert application.organisation_name == "株式会社 新しい企画"
    assert application.organisation_kind == Organisation.Kind.COMPANY
    assert "株式会社 新しい企画" in mail.outbox[1].subject


def test_an_association_applies(client, world):
    _post(client, world, applicant="association", local_government="", organisation_name="地域振興協会")
    assert Application.objects.get().organisation_kind == Organisation.Kind.ASSOCIATION


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"local_government": ""}, "local_government", "Enter the name or code of your local government."),
        ({"local_government": "032116"}, "local_government", "032116 is not a valid local government code"),
        ({"local_government": "480006"}, "local_government", "480006 is not a valid local government code"),
        ({"local_government": "存在しない村"}, "local_government", "No local government matches"),
        ({"local_government": "府中"}, "local_government", "Several local governments match"),
        ({"applicant": "company", "local_government": ""}, "organisation_name", "Enter the name of your company"),
        ({"email": "not-an-email"}, "email", None),
        ({"contact_name": ""}, "contact_name", None),
        ({"tier": "999999"}, "tier", None),
        ({"applicant": "government"}, "applicant", None),
    ],
)
def test_bad_input_gets_a_clear_error_and_creates_nothing(client, world, overrides, field, message):
    response = _post(client, world, prefix="/en", **overrides)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert message in " ".join(errors[field])
    content = response.content.decode()
    assert 'aria-invalid="true"' in content
    assert 'class="errorlist' in content
    assert not Application.objects.exists()
    assert not mail.outbox


def test_ambiguous_name_lists_the_candidates_with_codes(client, world):
    errors = _post(client, world, local_government="府中").context["form"].errors["local_government"]
    assert "東京都府中市 (132063)" in errors[0]
    assert "広島県府中町 (343021)" in errors[0]


def test_another_networks_tier_is_refused(client, world):
    other = Network.objects.create(
        slug="other", kind=Network.Kind.PROJECT, name_ja="別", secretariat=world.secretariat_org
    )
    tier = other.tiers.create(name_ja="会員", name="会員")
    response = _post(client, world, tier=str(tier.pk))
    assert "tier" in response.context["form"].errors
    assert not Application.objects.exists()


def test_an_active_member_cannot_apply_again(client, world):
    response = _post(client, world, prefix="/en", local_government="272175")  # 松原市, alice's municipality
    assert response.status_code == 200
    assert "Matsubara City, Osaka Prefecture is already a member of this network." in response.content.decode()
    assert not Application.objects.exists()


def test_a_pending_application_cannot_be_sent_twice(client, world):
    assert _post(client, world).status_code == 302
    response = _post(client, world, prefix="/en", local_government="かまいし", email="other@kamaishi.example.jp")
    assert response.status_code == 200
    assert "An application for Kamaishi City, Iwate Prefecture is already waiting" in response.content.decode()
    assert Application.objects.count() == 1


def test_a_company_already_a_member_or_applying_is_refused(client, world):
    Membership.objects.create(network=world.network, organisation=world.company_org, tier=world.general)
    response = _post(
        client, world, prefix="/en", applicant="company", local_government="", organisation_name="株式会社地域企画"
    )
    assert "株式会社地域企画 is already a member" in response.content.decode()
    _post(client, world, applicant="company", local_government="", organisation_name="Renkei Trading")
    response = _post(
        client, world, prefix="/en", applicant="company", local_government="", organisation_name="renkei trading"
    )
    assert "already waiting" in response.content.decode()
    assert Application.objects.count() == 1


def test_a_withdrawn_member_may_apply_again(client, world):
    Membership.objects.create(
        network=world.network, organisation=world.charlie_org, tier=world.general, status=Membership.Status.WITHDRAWN
    )
    assert _post(client, world).status_code == 302


def test_a_declined_application_does_not_block_a_new_one(client, world):
    _post(client, world)
    Application.objects.update(status=Application.Status.DECLINED)
    assert _post(client, world).status_code == 302
    assert Application.objects.count() == 2


def test_closed_network_shows_no_form_and_takes_nothing(client, world):
    world.network.accepts_applications = False
    world.network.save()
    response = client.get(_url(world, prefix="/en"))
    assert "This network is not accepting applications." in response.content.decode()
    assert '<form method="post"' not in response.content.decode()
    _post(client, world)
    assert not Application.objects.exists()


def test_unknown_network_is_404(client, world):
    assert client.get("/networks/no-such/apply/").status_code == 404
    assert client.post("/networks/no-such/apply/", {}).status_code == 404


@pytest.mark.parametrize("persona", ["charlie", "dave"])
def test_signed_in_people_use_the_same_form(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(_url(world)).status_code == 200


@pytest.mark.parametrize("persona", ["alice", "secretariat"])
def test_its_members_and_its_secretariat_are_not_asked_to_apply(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(_url(world)).status_code == 403
    assert client.post(_url(world), {}).status_code == 403


def test_service_refuses_without_an_organisation(world):
    with pytest.raises(ValidationError) as error:
        services.application_create(
            network=world.network,
            organisation_kind="company",
            tier=world.general,
            contact_name="x",
            email="x@example.jp",
        )
    assert error.value.code == "organisation_required"
    assert not Application.objects.exists()


def test_service_creates_a_pending_application(world, django_capture_on_commit_callbacks):
    kamaishi = LocalGovernment.objects.get(code="032115")
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_create(
            network=world.network,
            organisation_kind="municipality",
            local_government=kamaishi,
            tier=world.full,
            contact_name="釜石 三郎",
            email="saburo@kamaishi.example.jp",
        )
    assert application.status == Application.Status.PENDING
    assert [m.to for m in mail.outbox] == [["saburo@kamaishi.example.jp"], ["sec@example.jp"]]
