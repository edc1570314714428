"""The matching start page: one's own needs and offers, programmes addressed to one, introductions."""

from django.shortcuts import render

from renkei.matching import rules, selectors
from renkei.matching.access import GOVERNMENT_KINDS, acting_organisation
from renkei.matching.models import Introduction, Need, Offer, ProgrammeTarget


def home(request):
    user = request.user
    organisation = acting_organisation(user)
    context: dict = {"organisation": organisation}
    if organisation is not None:
        context.update(
            needs=list(Need.objects.filter(organisation=organisation)[:10]),
            offers=list(Offer.objects.filter(organisation=organisation)[:10]),
            targeted=list(selectors.targeted_programmes(organisation)[:5]),
            unread=ProgrammeTarget.objects.filter(
                organisation=organisation, status=ProgrammeTarget.Status.UNREAD
            ).count(),
            pending=Introduction.objects.filter(recipient=organisation, status=Introduction.Status.PENDING).count(),
            fitting=selectors.programme_suggestions(organisation, user=user)
            if organisation.kind in GOVERNMENT_KINDS
            else [],
            can_need=rules.may_publish_need(request.audience),
            can_offer=rules.may_publish_offer(request.audience),
            can_programme=rules.may_publish_programme(request.audience),
        )
    context["recent_needs"] = list(Need.objects.visible_to(user).open().select_related("organisation")[:5])
    context["recent_offers"] = list(
        Offer.objects.visible_to(user).filter(status=Offer.Status.OPEN).select_related("organisation")[:5]
    )
    return render(request, "matching/home.html", context)
