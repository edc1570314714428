"""The "fragments" cache: rendered parts of pages in each process's memory, unless keeping is off.

With ``RENKEI_KEEP_PAGES`` off every read misses, so every page, fragment and ``{% cache %}``
block is drawn afresh: what the tests compare a kept page with.
"""

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache


def keeping() -> bool:
    """Whether drawn pages, fragments and kept reads may be served again (``RENKEI_KEEP_PAGES``)."""
    return getattr(settings, "RENKEI_KEEP_PAGES", True)


class FragmentCache(LocMemCache):
    def get(self, key, default=None, version=None):
        return super().get(key, default, version) if keeping() else default

    def has_key(self, key, version=None):
        return keeping() and super().has_key(key, version)
