"""The file cache still keeps its directory near MAX_ENTRIES while it lists it only now and then."""

import os

from renkei.lib.filecache import CULL_CHECK_EVERY, FileBasedCache


def test_it_culls_now_and_then_and_keeps_what_was_written_last(tmp_path):
    cache = FileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 50, "CULL_FREQUENCY": 2}})
    for number in range(1000):
        cache.set(f"key-{number}", number)
    # Never much above the limit: at most one round of writes between two checks.
    assert len(os.listdir(tmp_path)) <= 50 + CULL_CHECK_EVERY
    cache.set("latest", "value")
    assert cache.get("latest") == "value"


def test_it_reads_and_forgets_like_django_s_file_cache(tmp_path):
    cache = FileBasedCache(str(tmp_path), {})
    cache.set("event-version:1", "abc")
    assert cache.get("event-version:1") == "abc"
    cache.delete("event-version:1")
    assert cache.get("event-version:1") is None
    assert cache.get_or_set("event-version:1", lambda: "def") == "def"
