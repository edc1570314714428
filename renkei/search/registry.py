"""Which models search knows, and how to read each one's documents.

A searchable model registers a provider that yields one ``Document`` per object to index;
``search_rebuild`` reads every provider. The model also calls ``search_index`` and
``search_remove`` (renkei.search.services) whenever an object is created, edited, hidden or
deleted, so the index stays current between rebuilds.
"""

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, NamedTuple


class Document(NamedTuple):
    obj: Any
    title: str
    body: str
    network: Any  # renkei.networks.models.Network or None
    visibility: str  # a SearchEntry.Visibility value, decided by the owning model
    updated_at: datetime | None = None  # when the object last changed; now when None


Provider = Callable[[], Iterable[Document]]

_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Register (or replace) the provider called ``name``, e.g. "board.Post"."""
    _providers[name] = provider


def unregister(name: str) -> None:
    _providers.pop(name, None)


def providers() -> dict[str, Provider]:
    return dict(_providers)
