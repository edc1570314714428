"""Writing the search index: one SearchEntry per searchable object."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from renkei.lib.japanese import tokenise
from renkei.search import db, registry
from renkei.search.models import SearchEntry
from renkei.search.selectors import search_changed


def _key(obj) -> dict:
    return {"content_type": ContentType.objects.get_for_model(obj), "object_id": str(obj.pk)}


def _tokens(title: str, body: str) -> str:
    return " ".join(tokenise(f"{title}\n{body}"))


def search_index(
    *, obj, title: str, body: str, network=None, visibility: str, updated_at: datetime | None = None
) -> SearchEntry:
    """Add ``obj`` to the search index, or bring its entry up to date.

    ``visibility`` is a SearchEntry.Visibility value chosen by the owning model; a members'
    entry needs its ``network``. The database's full-text index follows the row (triggers on
    SQLite, a generated column on PostgreSQL).
    """
    if visibility not in SearchEntry.Visibility.values:
        raise ValueError(f"Unknown search visibility: {visibility!r}")
    with transaction.atomic():
        entry, _created = SearchEntry.objects.update_or_create(
            **_key(obj),
            defaults={
                "network": network,
                "visibility": visibility,
                "title": title,
                "body": body,
                "tokens": _tokens(title, body),
                "updated_at": updated_at or timezone.now(),
            },
        )
    return entry


def search_remove(*, obj) -> int:
    """Take ``obj`` out of the search index (deleted or hidden); returns how many entries went."""
    with transaction.atomic():
        removed, _ = SearchEntry.objects.filter(**_key(obj)).delete()
    return removed


def search_rebuild(batch_size: int = 1000) -> int:
    """Build the whole index again from the registered providers; returns the number of entries."""
    count = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        batch: list[SearchEntry] = []
        for provider in registry.providers().values():
            for document in provider():
                if document.visibility not in SearchEntry.Visibility.values:
                    raise ValueError(f"Unknown search visibility: {document.visibility!r}")
                batch.append(
                    SearchEntry(
                        **_key(document.obj),
                        network=document.network,
                        visibility=document.visibility,
                        title=document.title,
                        body=document.body,
                        tokens=_tokens(document.title, document.body),
                        updated_at=document.updated_at or timezone.now(),
                    )
                )
                if len(batch) >= batch_size:
                    count += len(SearchEntry.objects.bulk_create(batch))
                    batch = []
        count += len(SearchEntry.objects.bulk_create(batch))
        # On SQLite this also puts back the triggers a table rebuild may have dropped.
        db.reindex(connection)
        # Bulk writes send no signal: every kept search goes now and once the rebuild is committed.
        search_changed()
    return count
