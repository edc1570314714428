"""The signed-in person is read from the cache, and a change to them is seen at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renkei.testing import build_world

pytestmark = pytest.mark.django_db

PROFILE = "/en/accounts/profile/"


def _user_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [q["sql"] for q in queries.captured_queries if 'FROM "accounts_user"' in q["sql"]]


def test_the_user_row_is_not_read_again_on_every_page(client):
    world = build_world()
    client.force_login(world.alice)
    _user_queries(client, PROFILE)
    response, user_queries = _user_queries(client, PROFILE)
    assert response.status_code == 200
    assert user_queries == []


def test_a_deactivated_user_is_signed_out_on_the_next_page(client):
    world = build_world()
    client.force_login(world.alice)
    assert client.get(PROFILE).status_code == 200
    world.alice.is_active = False
    world.alice.save()
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_new_name_shows_on_the_next_page(client):
    world = build_world()
    client.force_login(world.alice)
    client.get(PROFILE)
    world.alice.name = "松原 花子(改)"
    world.alice.save()
    assert "松原 花子(改)" in client.get(PROFILE).content.decode()


def test_a_row_cached_by_another_request_before_the_change_committed_is_forgotten(
    client, django_capture_on_commit_callbacks
):
    world = build_world()
    client.force_login(world.alice)
    client.get(PROFILE)
    stale = cache.get(f"user:{world.alice.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        world.alice.is_active = False
        world.alice.save()
        # Another request, reading before the commit, puts the old row back.
        cache.set(f"user:{world.alice.pk}", stale)
    assert client.get(PROFILE).status_code == 302
