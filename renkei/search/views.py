"""The search page: one box over everything Renkei indexes, as far as the reader may see."""

from django.core.paginator import Paginator
from django.shortcuts import render

from renkei.lib.caching import kept_page
from renkei.search.forms import SearchForm
from renkei.search.selectors import (
    COUNT_CAP,
    entries_visible_to,
    reader_scopes,
    search,
    search_count,
)

PAGE_SIZE = 20


def search_page(request):
    form = SearchForm(request.GET or None)
    if not (form.is_valid() and form.cleaned_data["q"]):
        context = {"form": form, "query_text": "", "page": None, "hits": [], "count": 0}
        return render(request, "search/search.html", context, status=400 if form.errors else 200)
    data = form.cleaned_data

    def context() -> dict:
        entries = entries_visible_to(request.user, kind=data["type"], network=data["network"])
        count = search_count(data["q"], entries=entries)
        # The page numbers come from the count; the hits of one page from one ranked query.
        page = Paginator(range(count), PAGE_SIZE).get_page(request.GET.get("page"))
        offset = page.start_index() - 1 if count else 0
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "form": form,
            "query_text": data["q"],
            "page": page,
            "hits": search(data["q"], entries=entries, limit=PAGE_SIZE, offset=offset),
            "count": count,
            "capped": count >= COUNT_CAP,
            "query": query.urlencode(),
        }

    # The page shows the query (in its address), the index and what the reader may find: kept
    # for everyone who may find the same entries, until an entry changes.
    return kept_page(request, "search/search.html", context, scopes=reader_scopes(request.audience))
