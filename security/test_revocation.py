"""No access decision outlives the change: a person's next request sees their new rights.

Alice (松原市's staff, an active member) reads a members-only post, so that her rights are kept.
Then her membership is withdrawn or suspended, her staff role removed, her account deactivated,
or the network's secretariat changed, by each path that writes such rows: a save, a service, an
import, the admin and a bulk update. Her next request no longer reads the post. Run on
PostgreSQL too when DATABASE_URL names it.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from renkei.board.models import Category, Post
from renkei.board.services import categories_create_defaults
from renkei.networks.imports import read_rows
from renkei.networks.models import Membership, Network
from renkei.networks.services import members_import, membership_update
from renkei.organisations.models import Staff
from renkei.organisations.services import staff_remove
from renkei.testing import UserFactory, build_world, login_with_second_factor

pytestmark = pytest.mark.django_db

IMPORT_HEADER = "local_government_code,organisation_name,organisation_kind,tier,status,joined_on\n"


@pytest.fixture
def world():
    world = build_world()
    categories_create_defaults(world.network)
    world.post = Post.objects.create(
        network=world.network,
        category=world.network.board_categories.get(kind=Category.Kind.PROPOSAL),
        author=world.bob,
        author_organisation=world.bob_org,
        title="会員限定の相談",
        body="会員の皆さまへ。",
        visibility=Post.Visibility.MEMBERS,
    )
    return world


def _reads_post(client, world) -> bool:
    response = client.get(reverse("board:post_detail", args=[world.network.slug, world.post.pk]))
    assert response.status_code in (200, 404)
    return response.status_code == 200


def _admin(world) -> Client:
    client = Client()
    login_with_second_factor(client, UserFactory(email="root@example.jp", is_superuser=True, is_staff=True))
    return client


def _alice_membership(world) -> Membership:
    return Membership.objects.get(network=world.network, organisation=world.alice_org)


def _withdraw_by_save(world):
    membership = _alice_membership(world)
    membership.status = Membership.Status.WITHDRAWN
    membership.save()


def _suspend_by_service(world):
    membership = _alice_membership(world)
    membership_update(
        membership=membership,
        status=Membership.Status.SUSPENDED,
        tier=membership.tier,
        joined_on=membership.joined_on,
        left_on=membership.left_on,
    )


def _withdraw_by_import(world):
    code = world.alice_org.local_government_id
    rows = read_rows("members.csv", f"{IMPORT_HEADER}{code},,,正会員,withdrawn,\n".encode())
    members_import(network=world.network, rows=rows, user=world.secretariat)


def _withdraw_in_the_admin(world):
    membership = _alice_membership(world)
    response = _admin(world).post(
        reverse("admin:networks_membership_change", args=[membership.pk]),
        {
            "organisation": membership.organisation_id,
            "network": membership.network_id,
            "tier": membership.tier_id,
            "status": Membership.Status.WITHDRAWN,
            "joined_on": "",
            "left_on": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _alice_membership(world).status == Membership.Status.WITHDRAWN


def _withdraw_in_bulk(world):
    Membership.objects.filter(organisation=world.alice_org).update(status=Membership.Status.WITHDRAWN)


def _delete_memberships_in_bulk(world):
    Membership.objects.filter(organisation=world.alice_org).delete()


def _remove_staff_by_delete(world):
    Staff.objects.get(user=world.alice).delete()


def _remove_staff_by_service(world):
    staff = Staff.objects.get(user=world.alice)
    # A colleague stays administrator and takes over her contacts.
    colleague = Staff.objects.create(user=UserFactory(), organisation=world.alice_org, role=Staff.Role.ADMIN)
    staff_remove(staff=staff, by=colleague.user, to_user=colleague.user)


def _remove_staff_in_bulk(world):
    Staff.objects.filter(user=world.alice).delete()


def _move_staff_in_bulk(world):
    Staff.objects.filter(user=world.alice).update(organisation=world.charlie_org)


def _deactivate_by_save(world):
    world.alice.is_active = False
    world.alice.save()


def _deactivate_in_the_admin(world):
    alice = world.alice
    response = _admin(world).post(
        reverse("admin:accounts_user_change", args=[alice.pk]),
        {
            "email": alice.email,
            "name": alice.name,
            "name_kana": "",
            "is_staff": "",
            "is_superuser": "",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": alice.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": alice.date_joined.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not get_user_model().objects.get(pk=alice.pk).is_active


def _deactivate_in_bulk(world):
    get_user_model().objects.filter(pk=world.alice.pk).update(is_active=False)


@pytest.mark.parametrize(
    "revoke",
    [
        _withdraw_by_save,
        _suspend_by_service,
        _withdraw_by_import,
        _withdraw_in_the_admin,
        _withdraw_in_bulk,
        _delete_memberships_in_bulk,
        _remove_staff_by_delete,
        _remove_staff_by_service,
        _remove_staff_in_bulk,
        _move_staff_in_bulk,
        _deactivate_by_save,
        _deactivate_in_the_admin,
        _deactivate_in_bulk,
    ],
    ids=lambda revoke: revoke.__name__.strip("_"),
)
def test_alice_loses_access_on_her_next_request(world, revoke, django_capture_on_commit_callbacks):
    alice = Client()
    alice.force_login(world.alice)
    assert _reads_post(alice, world)
    assert _reads_post(alice, world)  # now from what was kept
    with django_capture_on_commit_callbacks(execute=True):
        revoke(world)
    assert not _reads_post(alice, world)


@pytest.mark.parametrize("in_bulk", [False, True], ids=["save", "bulk"])
def test_a_new_secretariat_takes_over_and_the_old_one_loses_the_members_area(world, in_bulk):
    secretariat = Client()
    secretariat.force_login(world.secretariat)
    charlie = Client()
    charlie.force_login(world.charlie)
    assert _reads_post(secretariat, world) and not _reads_post(charlie, world)
    if in_bulk:
        Network.objects.filter(pk=world.network.pk).update(secretariat=world.charlie_org)
    else:
        world.network.secretariat = world.charlie_org
        world.network.save()
    assert not _reads_post(secretariat, world) and _reads_post(charlie, world)
