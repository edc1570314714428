"""Offers: the list, an offer with the needs it answers, writing and editing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from renkei.matching import rules, selectors, services
from renkei.matching.access import (
    OFFERING_KINDS,
    acting_organisation,
    get_editable_offer,
    get_visible_offer,
)
from renkei.matching.forms import ListFilterForm, OfferForm
from renkei.matching.models import Offer
from renkei.matching.views.needs import COUNT_CAP, PAGE_SIZE, CappedPaginator, filtered


def _serves(region: str) -> Q:
    # An offer without regions serves the whole country; regions are a JSON list of codes.
    return Q(regions__icontains=f'"{region}"') | Q(regions=[])


def offer_list(request):
    form = ListFilterForm(request.GET or None)
    offers = filtered(
        Offer.objects.visible_to(request.audience).filter(status=Offer.Status.OPEN), form, region=_serves
    ).select_related("organisation")
    page = CappedPaginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "matching/offer_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "capped": page.paginator.count >= COUNT_CAP,
            "can_publish": acting_organisation(request.user, OFFERING_KINDS) is not None,
        },
    )


def offer_detail(request, pk: int):
    offer = get_visible_offer(request, pk)
    viewer = acting_organisation(request.user)
    is_owner = viewer is not None and viewer.pk == offer.organisation_id
    return render(
        request,
        "matching/offer_detail.html",
        {
            "offer": offer,
            "themes": offer.themes.all(),
            "prefectures": offer.prefectures.all(),
            "suggestions": selectors.offer_suggestions(offer, user=request.user, viewer=viewer),
            "viewer": viewer,
            "is_owner": is_owner,
        },
    )


@login_required
def offer_new(request):
    if not rules.may_publish_offer(request.audience):
        raise PermissionDenied
    organisation = acting_organisation(request.user, OFFERING_KINDS)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(organisation=organisation, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your offer is published. Needs it may answer are shown below."))
            return redirect("matching:offer_detail", pk=offer.pk)
    return render(request, "matching/offer_form.html", {"form": form, "organisation": organisation})


@login_required
def offer_edit(request, pk: int):
    offer = get_editable_offer(request, pk)
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(offer=offer, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("matching:offer_detail", pk=offer.pk)
    return render(
        request, "matching/offer_form.html", {"form": form, "organisation": offer.organisation, "offer": offer}
    )
