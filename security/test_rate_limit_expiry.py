"""A rate limit lasts what it says, on every cache Renkei runs on.

The inquiry limit counts with the cache's ``incr``. Django's generic ``incr`` (and so its file
cache's) writes the count back with the default timeout of five minutes, so "five an hour" was
five every five minutes. Each backend here must keep the expiry the count started with.
"""

import time

import fakeredis
import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from renkei.inquiries import spam
from renkei.lib.filecache import FileBasedCache

MINUTE = 60


@pytest.fixture
def clock(monkeypatch):
    """Time as every cache reads it, moved on by hand."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


@pytest.fixture(params=["locmem", "files", "redis"])
def backend(request, tmp_path, monkeypatch, settings):
    cache = {
        "locmem": lambda: LocMemCache("rate-limit-expiry", {}),
        "files": lambda: FileBasedCache(str(tmp_path), {}),
        # Django's own Redis backend, talking to an in-process Redis.
        "redis": lambda: RedisCache("redis://fake/0", {"OPTIONS": {"connection_class": fakeredis.FakeRedisConnection}}),
    }[request.param]()
    cache.clear()
    monkeypatch.setattr(spam, "cache", cache)
    settings.RENKEI_INQUIRY_RATE_LIMITS = (2, 100)
    return cache


def test_the_inquiry_limit_lasts_the_hour(backend, clock):
    spam.rate_count("taro@example.jp", None)
    clock[0] += 2 * MINUTE
    spam.rate_count("taro@example.jp", None)
    assert spam.rate_limited("taro@example.jp", None)
    # Past the five minutes a generic incr would have left the count.
    clock[0] += 10 * MINUTE
    assert spam.rate_limited("taro@example.jp", None)
    clock[0] += 45 * MINUTE
    assert spam.rate_limited("taro@example.jp", None)
    # An hour after the first inquiry the address may write again.
    clock[0] += 5 * MINUTE
    assert not spam.rate_limited("taro@example.jp", None)


def test_incr_keeps_the_expiry_it_was_given(backend, clock):
    backend.add("count", 0, 60 * MINUTE)
    clock[0] += 30 * MINUTE
    assert backend.incr("count") == 1
    clock[0] += 20 * MINUTE
    assert backend.get("count") == 1
    clock[0] += 11 * MINUTE
    assert backend.get("count") is None
    with pytest.raises(ValueError):
        backend.incr("count")
