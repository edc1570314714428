from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from renkei.registry.models import LocalGovernment
from renkei.registry.regions import Region

PAGE_SIZE = 50


class RegistryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name (kanji, kana or romaji)"), required=False, max_length=100)
    prefecture = forms.ModelChoiceField(
        label=_("Prefecture"), required=False, queryset=LocalGovernment.objects.prefectures(),
        to_field_name="code", empty_label=_("All prefectures"),
    )
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices])
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *LocalGovernment.Kind.choices]
    )

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.search(data["q"])
        if data.get("prefecture"):
            pref = data["prefecture"]
            queryset = queryset.filter(code__startswith=pref.prefecture_code)
        if data.get("region"):
            queryset = queryset.filter(region=data["region"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        return queryset


def local_government_list(request):
    form = RegistryFilterForm(request.GET or None)
    queryset = LocalGovernment.objects.select_related("prefecture")
    if form.is_bound and form.is_valid():
        queryset = form.filter(queryset)
    page = Paginator(queryset.in_display_order(), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def local_government_detail(request, code: str):
    government = get_object_or_404(LocalGovernment.objects.select_related("prefecture"), code=code)
    municipalities = None
    if government.kind == LocalGovernment.Kind.PREFECTURE:
        municipalities = government.municipalities.in_display_order()
    return render(
        request, "registry/detail.html", {"government": government, "municipalities": municipalities}
    )
