"""Pages of partnerships: directory, detail, recording, import and export, figures, anniversaries."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renkei.events.charts import bar_chart
from renkei.lib.caching import cache_for_visitors
from renkei.lib.exports import dataset_response
from renkei.networks.access import user_has_second_factor
from renkei.networks.models import Network
from renkei.partnerships import access, imports, selectors, services
from renkei.partnerships.forms import AnniversaryFilterForm, ImportForm, PartnershipFilterForm, PartnershipForm
from renkei.partnerships.models import ROUND_ANNIVERSARIES, SCOPE, Partnership, format_partial_date
from renkei.registry.models import SCOPE as REGISTRY

PAGE_SIZE = 20


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class Listing:
    """The filter form and the page of partnerships, worked out only when the page's cache misses."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def form(self) -> PartnershipFilterForm:
        return PartnershipFilterForm(self.request.GET or None)

    @cached_property
    def filters(self) -> selectors.DirectoryFilters:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return selectors.DirectoryFilters(
            kind=data.get("kind", ""),
            country=data.get("country", ""),
            prefecture=data.get("prefecture", ""),
            status=data.get("status", ""),
            year=data.get("year"),
        )

    @cached_property
    def page(self):
        partnerships = selectors.partnerships_for(self.request.user, self.filters)
        page = Paginator(partnerships, PAGE_SIZE).get_page(self.request.GET.get("page"))
        page.object_list = list(selectors.with_parties(page.object_list))
        return page


# The parties' names and the prefectures to filter by come from the registry.
@cache_for_visitors(lambda request: (SCOPE, REGISTRY))
def directory(request):
    return render(
        request,
        "partnerships/directory.html",
        {
            "listing": Listing(request),
            "query": _query(request),
            "cache_key": f"{selectors.viewer_key(request.audience)}:{request.GET.urlencode()}",
        },
    )


def detail(request, pk: int):
    partnership = access.get_visible_partnership(request, pk)
    parties = list(
        partnership.parties.select_related("local_government__prefecture", "overseas_government", "organisation")
    )
    today = timezone.localdate()
    coming = [(partnership.start_year + n, n) for n in ROUND_ANNIVERSARIES if partnership.start_year + n >= today.year][
        :3
    ]
    sources = [line.strip() for line in partnership.sources.splitlines() if line.strip()]
    return render(
        request,
        "partnerships/detail.html",
        {
            "partnership": partnership,
            "parties": parties,
            "coming": coming if partnership.status != Partnership.Status.ENDED else [],
            "sources": [(line, line.startswith(("https://", "http://"))) for line in sources],
            "activities": list(selectors.activities_for(request.user, partnership=partnership)[:50]),
            "can_edit": access.can_edit_partnership(request, partnership),
        },
    )


def create(request):
    access.require_signed_in_staff(request)
    if request.method == "POST":
        form = PartnershipForm(request.POST, request=request)
        if form.is_valid():
            try:
                partnership = services.partnership_create(user=request.user, parties=form.parties(), **form.values())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The partnership is recorded."))
                return redirect("partnerships:detail", pk=partnership.pk)
    else:
        form = PartnershipForm(initial=PartnershipForm.initial_from_query(request.GET), request=request)
    return render(request, "partnerships/form.html", {"form": form, "partnership": None})


def edit(request, pk: int):
    partnership = access.get_editable_partnership(request, pk)
    if request.method == "POST":
        form = PartnershipForm(request.POST, request=request)
        if form.is_valid():
            try:
                services.partnership_update(
                    partnership=partnership, user=request.user, parties=form.parties(), **form.values()
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The partnership is saved."))
                return redirect("partnerships:detail", pk=partnership.pk)
    else:
        form = PartnershipForm(initial=PartnershipForm.initial_from(partnership), request=request)
    return render(request, "partnerships/form.html", {"form": form, "partnership": partnership})


def export(request):
    listing = Listing(request)
    partnerships = selectors.with_parties(selectors.partnerships_for(request.user, listing.filters))
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    dataset = imports.export_dataset(partnerships.iterator(chunk_size=2000))
    return dataset_response(dataset, fmt=fmt, filename=f"partnerships-{timezone.localdate():%Y%m%d}.{fmt}")


def import_file(request):
    access.require_signed_in_staff(request)
    errors: list = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = imports.read_rows(upload.name, upload.read())
            except imports.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                written, errors = imports.partnerships_import(
                    user=request.user, rows=rows, secretariat=user_has_second_factor(request)
                )
                if not errors:
                    messages.success(
                        request,
                        ngettext("%(count)s partnership imported.", "%(count)s partnerships imported.", written)
                        % {"count": written},
                    )
                    return redirect("partnerships:directory")
    else:
        form = ImportForm()
    return render(
        request,
        "partnerships/import.html",
        {"form": form, "errors": errors, "columns": imports.COLUMNS, "kinds": Partnership.Kind.choices},
    )


def statistics(request):
    return render(
        request,
        "partnerships/statistics.html",
        {"figures": Figures(request.user), "cache_key": selectors.viewer_key(request.audience)},
    )


class Figures:
    def __init__(self, user):
        self.user = user

    @cached_property
    def by_country(self):
        return selectors.counts_by_country(self.user)

    @cached_property
    def by_prefecture(self):
        return selectors.counts_by_prefecture(self.user)

    @staticmethod
    def _chart(rows, title: str, chart_id: str):
        total = sum(n for _code, _name, n in rows) or 1
        return bar_chart([(name, n, round(100 * n / total)) for _code, name, n in rows], title=title, chart_id=chart_id)

    def country_chart(self):
        return self._chart(self.by_country[:20], _("Partnerships by country (top 20)"), "chart-country")

    def prefecture_chart(self):
        return self._chart(self.by_prefecture, _("Partnerships by prefecture"), "chart-prefecture")


class AnniversaryListing:
    def __init__(self, request):
        self.request = request

    @cached_property
    def form(self) -> AnniversaryFilterForm:
        return AnniversaryFilterForm(self.request.GET or None)

    @cached_property
    def data(self) -> dict:
        return self.form.cleaned_data if self.form.is_valid() else {}

    @property
    def months(self) -> int:
        return self.data.get("months") or 12

    @cached_property
    def network(self):
        slug = self.data.get("network")
        return Network.objects.get_cached(slug) if slug else None

    def queryset(self):
        return selectors.anniversaries(
            self.request.user,
            months=self.months,
            network=self.network,
            prefecture=self.data.get("prefecture", ""),
            country=self.data.get("country", ""),
        )

    @cached_property
    def page(self):
        page = Paginator(self.queryset(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        rows = list(selectors.with_parties(page.object_list))
        for partnership in rows:
            partnership.number = partnership.due_year - partnership.start_year
            partnership.due_label = _anniversary_label(partnership)
        page.object_list = rows
        return page


def _anniversary_label(partnership) -> str:
    day = partnership.anniversary_on(partnership.due_year)
    return format_partial_date(day, partnership.established_precision)


@cache_for_visitors(lambda request: (SCOPE, REGISTRY), extra=lambda: (timezone.localdate(),))
def anniversaries(request):
    listing = AnniversaryListing(request)
    viewer = selectors.viewer_key(request.audience)
    return render(
        request,
        "partnerships/anniversaries.html",
        {
            "listing": listing,
            "query": _query(request),
            "feed_query": _query(request),
            "feed_title": _("Coming anniversaries"),
            "cache_key": f"{timezone.localdate()}:{viewer}:{request.GET.urlencode()}",
        },
    )
