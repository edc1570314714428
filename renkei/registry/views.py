from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from renkei.lib.caching import cache_for_visitors
from renkei.registry.models import SCOPE, LocalGovernment, registry_version
from renkei.registry.regions import Region

PAGE_SIZE = 50
SUGGESTION_LIMIT = 10


def _prefecture_choices():
    # A plain choice of two-digit codes: filtering then needs no lookup of the chosen prefecture,
    # so the page runs the same queries whatever is selected.
    return [("", _("All prefectures"))] + [
        (p.prefecture_code, p.display_name) for p in LocalGovernment.objects.prefectures().order_by("code")
    ]


class RegistryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name (kanji, kana or romaji) or code"), required=False, max_length=100)
    prefecture = forms.ChoiceField(label=_("Prefecture"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices])
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *LocalGovernment.Kind.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Loaded once here: a callable would run again for validation and for rendering.
        self.fields["prefecture"].choices = _prefecture_choices()

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.search(data["q"])
        if data.get("prefecture"):
            queryset = queryset.filter(code__startswith=data["prefecture"])
        if data.get("region"):
            queryset = queryset.filter(region=data["region"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        return queryset


class RegistryListing:
    """One page of the registry for a request's filters, computed only when a template asks.

    The list page caches its rendered results by registry version and filters, so on a cache
    hit neither the form nor the queries run.
    """

    def __init__(self, params):
        self.params = params

    @cached_property
    def form(self) -> RegistryFilterForm:
        form = RegistryFilterForm(self.params or None)
        form.is_valid()
        return form

    @cached_property
    def page(self):
        queryset = LocalGovernment.objects.select_related("prefecture")
        if self.form.is_bound and self.form.is_valid():
            queryset = self.form.filter(queryset)
        return Paginator(queryset.in_display_order(), PAGE_SIZE).get_page(self.params.get("page"))

    @cached_property
    def query(self) -> str:
        """The filters without the page number, for the pagination links."""
        query = self.params.copy()
        query.pop("page", None)
        return query.urlencode()


@cache_for_visitors(lambda request: (SCOPE,))
def local_government_list(request):
    return render(
        request,
        "registry/list.html",
        {
            "listing": RegistryListing(request.GET),
            "registry_version": registry_version(),
            "cache_key": request.GET.urlencode(),
        },
    )


def local_government_suggest(request):
    """Up to ten matches for a name or code, as a list of choices for htmx to show under a field.

    The application form's field sends its value under its own name, so that name is read too.
    """
    query = (request.GET.get("q") or request.GET.get("local_government") or "").strip()[:100]
    matches = []
    if query:
        matches = list(
            LocalGovernment.objects.search(query).select_related("prefecture").in_display_order()[:SUGGESTION_LIMIT]
        )
    return render(request, "registry/_suggestions.html", {"query": query, "matches": matches})


def local_government_detail(request, code: str):
    government = get_object_or_404(LocalGovernment.objects.select_related("prefecture"), code=code)
    municipalities = None
    if government.kind == LocalGovernment.Kind.PREFECTURE:
        municipalities = government.municipalities.in_display_order()
    from renkei.partnerships.selectors import local_government_section

    return render(
        request,
        "registry/detail.html",
        {
            "government": government,
            "municipalities": municipalities,
            "partnerships_section": local_government_section(government, request.user, request.audience),
        },
    )
