"""The search page: one box over everything Renkei indexes, as far as the reader may see."""

from django.core.paginator import Paginator
from django.shortcuts import render

from renkei.search.forms import SearchForm
from renkei.search.selectors import COUNT_CAP, entries_visible_to, search, search_count

PAGE_SIZE = 20


def search_page(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "query_text": "", "page": None, "hits": [], "count": 0}
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        entries = entries_visible_to(request.user, kind=data["type"], network=data["network"])
        count = search_count(data["q"], entries=entries)
        # The page numbers come from the count; the hits of one page from one ranked query.
        page = Paginator(range(count), PAGE_SIZE).get_page(request.GET.get("page"))
        offset = page.start_index() - 1 if count else 0
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            query_text=data["q"],
            page=page,
            hits=search(data["q"], entries=entries, limit=PAGE_SIZE, offset=offset),
            count=count,
            capped=count >= COUNT_CAP,
            query=query.urlencode(),
        )
    return render(request, "search/search.html", context, status=400 if form.errors else 200)
