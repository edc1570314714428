"""Django's file-based cache, without listing its whole directory on every write.

Django's FileBasedCache lists every file of its directory on each ``set`` to decide whether to
cull. The shared cache holds an entry per session, per signed-in user and per version token, so
the directory holds thousands of files, and that listing cost more than a whole cached page
(4 ms at 1,600 entries; every registration in a rush writes several entries). Checking every
``CULL_CHECK_EVERY`` writes of a process keeps the directory near MAX_ENTRIES all the same.
"""

import itertools

from django.core.cache.backends.filebased import FileBasedCache as DjangoFileBasedCache

CULL_CHECK_EVERY = 100

# Shared by the process's threads; next() on it is atomic.
_writes = itertools.count(1)


class FileBasedCache(DjangoFileBasedCache):
    def _cull(self) -> None:
        if next(_writes) % CULL_CHECK_EVERY == 0:
            super()._cull()  # type: ignore[misc]  # private in the stubs, there in Django
