"""Needs (課題): the list, a need with its suggestions, writing and editing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from renkei.matching import rules, selectors, services
from renkei.matching.access import (
    GOVERNMENT_KINDS,
    acting_organisation,
    get_editable_need,
    get_visible_need,
)
from renkei.matching.forms import ListFilterForm, NeedForm
from renkei.matching.models import Need

PAGE_SIZE = 20
# Lists count up to here: counting a whole large list under its visibility rule costs more than the page.
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return self.object_list[:COUNT_CAP].count()  # type: ignore[attr-defined]


def filtered(queryset, form: ListFilterForm, *, region):
    """Apply the list filters (words, theme, region) the needs and offers lists share."""
    if not form.is_valid():
        return queryset
    data = form.cleaned_data
    for word in (data.get("q") or "").split():
        queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
    if data.get("theme"):
        queryset = queryset.filter(themes=data["theme"])
    if data.get("region"):
        queryset = queryset.filter(region(data["region"]))
    return queryset


def need_list(request):
    form = ListFilterForm(request.GET or None)
    needs = filtered(
        Need.objects.visible_to(request.audience).open(),
        form,
        region=lambda r: Q(organisation__local_government__region=r),
    ).select_related("organisation")
    page = CappedPaginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "matching/need_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_publish": _can_publish(request.user),
            "capped": page.paginator.count >= COUNT_CAP,
        },
    )


def _can_publish(user) -> bool:
    return acting_organisation(user, GOVERNMENT_KINDS) is not None


def need_detail(request, pk: int):
    need = get_visible_need(request, pk)
    viewer = acting_organisation(request.user)
    suggestions = selectors.need_suggestions(need, user=request.user, viewer=viewer)
    return render(
        request,
        "matching/need_detail.html",
        {
            "need": need,
            "themes": need.themes.all(),
            "suggestions": suggestions,
            "viewer": viewer,
            "is_owner": viewer is not None and viewer.pk == need.organisation_id,
        },
    )


@login_required
def need_new(request):
    if not rules.may_publish_need(request.audience):
        raise PermissionDenied
    organisation = acting_organisation(request.user, GOVERNMENT_KINDS)
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_create(organisation=organisation, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your need is published. Suggestions are shown below."))
            return redirect("matching:need_detail", pk=need.pk)
    return render(request, "matching/need_form.html", {"form": form, "organisation": organisation})


@login_required
def need_edit(request, pk: int):
    need = get_editable_need(request, pk)
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(need=need, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("matching:need_detail", pk=need.pk)
    return render(request, "matching/need_form.html", {"form": form, "organisation": need.organisation, "need": need})
