"""Which models search knows, and how to read each one's documents.

A searchable model registers a provider that yields one ``Document`` per object to index;
``search_rebuild`` reads every provider. The model also calls ``search_index`` and
``search_remove`` (renkei.search.services) whenever an object is created, edited, hidden or
deleted, so the index stays current between rebuilds.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, NamedTuple


class Document(NamedTuple):
    obj: Any
    title: str
    body: str
    network: Any  # renkei.networks.models.Network or None
    visibility: str  # a SearchEntry.Visibility value, decided by the owning model
    updated_at: datetime | None = None  # when the object last changed; now when None
    title_en: str = ""  # the title English readers see, when it has one
    happens_on: date | None = None  # the day the object is about (an event's, an article's); else updated_at's


Provider = Callable[[], Iterable[Document]]


class SearchType(NamedTuple):
    """A kind of thing search finds, as the search page and the API offer it to filter by."""

    name: str  # "board.post": the model's app label and model name, lower case
    label: Any  # what people read, e.g. gettext_lazy("Board posts")
    # The page of one entry, built from the entry alone (its network is loaded with it).
    url: Callable[[Any], str] | None
    # visible_to(user): this kind's objects (a queryset) whose members' entries the user may
    # also find beyond the entry's network, as the owning model decides.
    visible_to: Callable[[Any], Any] | None = None


_providers: dict[str, Provider] = {}
_types: dict[str, SearchType] = {}


def register(
    name: str,
    provider: Provider,
    *,
    label: Any = None,
    url: Callable[[Any], str] | None = None,
    visible_to: Callable[[Any], Any] | None = None,
) -> None:
    """Register (or replace) the provider called ``name``, e.g. "board.Post".

    ``label`` names the kind in the search page's type filter; ``url(entry)`` gives a hit's page.
    ``visible_to(user)``, for a kind whose members' objects are open to more than the members
    of their network (a programme's targets and publisher), gives the objects the user may
    open (a queryset): their members' entries are found by that user too.
    """
    _providers[name] = provider
    _types[name.lower()] = SearchType(name.lower(), label or name, url, visible_to)


def unregister(name: str) -> None:
    _providers.pop(name, None)
    _types.pop(name.lower(), None)


def types() -> dict[str, SearchType]:
    """The kinds search knows, by name ("board.post"), in the order they registered."""
    return dict(_types)


def providers() -> dict[str, Provider]:
    return dict(_providers)
