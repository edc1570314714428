"""The file cache still keeps its directory near MAX_ENTRIES while it lists it only now and then."""

import os
from concurrent.futures import ThreadPoolExecutor

from renkei.lib.filecache import CULL_CHECK_EVERY, FileBasedCache


def test_it_culls_now_and_then_and_keeps_what_was_written_last(tmp_path, monkeypatch):
    cache = FileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 50, "CULL_FREQUENCY": 2}})
    listings = []
    list_files = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or list_files())
    for number in range(1000):
        cache.set(f"key-{number}", number)
    # The directory is listed once every CULL_CHECK_EVERY writes, not on each (Django's own way).
    assert 0 < len(listings) <= 1000 // CULL_CHECK_EVERY + 1
    # Never much above the limit: at most one round of writes between two checks.
    assert len(os.listdir(tmp_path)) <= 50 + CULL_CHECK_EVERY
    cache.set("latest", "value")
    assert cache.get("latest") == "value"


def test_increments_at_once_are_all_counted(tmp_path):
    cache = FileBasedCache(str(tmp_path), {})
    cache.add("count", 0, 3600)

    def count(_n):
        # Each thread its own open file, as each process has: the entry's lock holds between them.
        for _hit in range(50):
            cache.incr("count")

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(count, range(4)))
    assert cache.get("count") == 200
