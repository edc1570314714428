from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import override_settings

pytestmark = pytest.mark.django_db

UNREACHABLE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"},
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}


def test_a_healthy_node_answers_ok_and_sets_no_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]


def test_a_node_without_its_cache_is_taken_out_of_the_balancer(client):
    with override_settings(CACHES=UNREACHABLE_CACHE):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}


def test_a_node_without_its_database_is_taken_out_of_the_balancer(client):
    with mock.patch("renkei.web.health.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_every_response_carries_its_request_id(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-1234"})
    assert response["X-Request-ID"] == "lb-1234"
    assert len(client.get("/healthz")["X-Request-ID"]) >= 16  # made here when the balancer sent none
