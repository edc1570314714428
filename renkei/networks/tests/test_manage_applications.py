import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from renkei.networks.models import Application, Membership
from renkei.organisations.models import Contact, Invitation, Organisation, Staff
from renkei.registry.models import LocalGovernment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _apply(w, **fields) -> Application:
    defaults = {
        "network": w.network,
        "organisation_kind": "municipality",
        "contact_name": "高松 花子",
        "department": "企画課",
        "email": "hanako@takamatsu.example.jp",
        "phone": "087-000-0000",
        "tier": w.full,
    }
    return Application.objects.create(**{**defaults, **fields})


def _approve(client, w, application, message=""):
    url = reverse("networks:manage_application_approve", args=[w.network.slug, application.pk])
    return client.post(url, {"message": message})


@pytest.fixture
def world(secretariat_world):
    return secretariat_world


def test_it_lists_pending_and_decided_applications(client, world):
    takamatsu = LocalGovernment.objects.get(name="高松市")
    _apply(world, local_government=takamatsu)
    _apply(
        world,
        organisation_kind="company",
        organisation_name="株式会社みらい",
        status="declined",
        email="x@mirai.example.jp",
    )
    url = reverse("networks:manage_applications", args=[world.network.slug])
    pending = client.get(url).content.decode()
    assert "Takamatsu City, Kagawa Prefecture" in pending
    assert "株式会社みらい" not in pending
    decided = client.get(url, {"state": "decided"}).content.decode()
    assert "株式会社みらい" in decided
    assert "Takamatsu City, Kagawa Prefecture" not in decided


def test_approving_a_municipality_makes_it_a_member_with_contact_and_invitation(
    client, world, django_capture_on_commit_callbacks
):
    takamatsu = LocalGovernment.objects.get(name="高松市")
    application = _apply(world, local_government=takamatsu)
    with django_capture_on_commit_callbacks(execute=True):
        response = _approve(client, world, application, message="ようこそ。総会は6月です。")
    assert response.status_code == 302

    organisation = Organisation.objects.get(local_government=takamatsu)
    assert organisation.kind == Organisation.Kind.MUNICIPALITY
    assert organisation.name_ja == "高松市"
    membership = Membership.objects.get(network=world.network, organisation=organisation)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.tier == world.full
    assert membership.joined_on is not None
    contact = Contact.objects.get(organisation=organisation)
    assert (contact.person_name, contact.department, contact.email, contact.phone, contact.is_primary) == (
        "高松 花子",
        "企画課",
        "hanako@takamatsu.example.jp",
        "087-000-0000",
        True,
    )
    invitation = Invitation.objects.get(organisation=organisation)
    assert invitation.email == "hanako@takamatsu.example.jp"
    assert invitation.role == Staff.Role.ADMIN
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.decided_by == world.secretariat
    assert application.membership == membership

    to_applicant = [m for m in mail.outbox if m.to == ["hanako@takamatsu.example.jp"]]
    bodies = "\n".join(m.body for m in to_applicant)
    assert len(to_applicant) == 2  # the decision and the invitation
    assert "ようこそ。総会は6月です。" in bodies


def test_approving_a_company_creates_the_organisation(client, world, django_capture_on_commit_callbacks):
    application = _apply(
        world,
        organisation_kind="company",
        organisation_name="株式会社みらい",
        tier=world.general,
        email="info@mirai.example.jp",
    )
    with django_capture_on_commit_callbacks(execute=True):
        _approve(client, world, application)
    organisation = Organisation.objects.get(name_ja="株式会社みらい")
    assert organisation.kind == Organisation.Kind.COMPANY
    assert Membership.objects.get(organisation=organisation).tier == world.general


def test_approving_a_withdrawn_member_reactivates_it(client, world):
    membership = Membership.objects.get(organisation=world.bob_org)
    membership.status = Membership.Status.WITHDRAWN
    membership.save()
    application = _apply(world, local_government=world.bob_org.local_government, email="jiro@nanto.example.jp")
    _approve(client, world, application)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.tier == world.full
    assert membership.left_on is None
    assert Membership.objects.filter(organisation=world.bob_org).count() == 1
    # The contact with that email is updated, not duplicated, and stays the one primary contact.
    assert Contact.objects.filter(organisation=world.bob_org).count() == 1


def test_it_does_not_invite_someone_already_on_the_staff(client, world, django_capture_on_commit_callbacks):
    membership = Membership.objects.get(organisation=world.alice_org)
    membership.status = Membership.Status.WITHDRAWN
    membership.save()
    application = _apply(world, local_government=world.alice_org.local_government, email="alice@example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        _approve(client, world, application)
    assert not Invitation.objects.filter(organisation=world.alice_org).exists()
    # A second contact of the organisation is not made primary over the existing one.
    assert Contact.objects.get(organisation=world.alice_org, email="alice@example.jp").is_primary is False


def test_approving_twice_is_refused_with_a_message(client, world):
    application = _apply(world, local_government=LocalGovernment.objects.get(name="高松市"))
    _approve(client, world, application)
    response = _approve(client, world, application)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "This application was already approved." in page
    assert Membership.objects.filter(organisation__local_government__name="高松市").count() == 1
    assert Invitation.objects.count() == 1


def test_approving_a_current_member_is_refused_and_changes_nothing(client, world):
    application = _apply(world, local_government=world.alice_org.local_government, tier=world.general)
    response = _approve(client, world, application)
    page = client.get(response["Location"]).content.decode()
    assert "is already a member of this network" in page
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert Membership.objects.get(organisation=world.alice_org).tier == world.full
    assert not Invitation.objects.exists()


def test_declining_emails_the_message_and_cannot_be_approved_after(client, world, django_capture_on_commit_callbacks):
    application = _apply(
        world, organisation_kind="company", organisation_name="株式会社みらい", email="info@mirai.example.jp"
    )
    url = reverse("networks:manage_application_decline", args=[world.network.slug, application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"message": "今年度の募集は終了しました。"})
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED
    assert mail.outbox[-1].to == ["info@mirai.example.jp"]
    assert "今年度の募集は終了しました。" in mail.outbox[-1].body
    _approve(client, world, application)
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED
    assert not Organisation.objects.filter(name_ja="株式会社みらい").exists()


def test_the_detail_page_offers_the_decision_only_while_pending(client, world):
    application = _apply(world, local_government=LocalGovernment.objects.get(name="高松市"))
    url = reverse("networks:manage_application", args=[world.network.slug, application.pk])
    approve = reverse("networks:manage_application_approve", args=[world.network.slug, application.pk])
    assert approve in client.get(url).content.decode()
    _approve(client, world, application)
    page = client.get(url).content.decode()
    assert approve not in page
    assert "Approved" in page


def test_emails_about_an_application_are_in_the_applicants_language(client, world, django_capture_on_commit_callbacks):
    application = _apply(world, local_government=LocalGovernment.objects.get(name="高松市"), language="en")
    with translation.override("ja"):  # the secretariat works in Japanese
        url = reverse("networks:manage_application_approve", args=[world.network.slug, application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"message": ""}).status_code == 302

    to_applicant = {m.subject: m.body for m in mail.outbox if m.to == ["hanako@takamatsu.example.jp"]}
    assert len(to_applicant) == 2
    assert any("approved" in subject for subject in to_applicant)
    assert any("You have been invited to join" in body for body in to_applicant.values())
