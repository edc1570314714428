"""Introductions: asking, answering, the private thread, and the secretariat's record of outcomes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.lib.urls import safe_url
from renkei.matching import services
from renkei.matching.access import acting_organisation, get_introduction_for_party, user_organisations
from renkei.matching.forms import DecisionForm, DismissForm, IntroductionForm, MessageForm, OutcomeForm
from renkei.matching.models import Introduction, Need, Offer
from renkei.networks.access import get_network_for_secretariat
from renkei.organisations.models import Contact


def _int(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        raise Http404 from None


@login_required
def introduction_new(request):
    """Ask for an introduction: ?need=…&offer=… (either side) or ?need=…&partner_need=… (two municipalities)."""
    source = request.POST if request.method == "POST" else request.GET
    need_id, offer_id, partner_id = (
        _int(source.get("need")),
        _int(source.get("offer")),
        _int(source.get("partner_need")),
    )
    # Only what the asker may see: a members' need stays out of reach of others, even by its id.
    need = get_object_or_404(Need.objects.visible_to(request.audience), pk=need_id) if need_id else None
    offer = get_object_or_404(Offer.objects.visible_to(request.audience), pk=offer_id) if offer_id else None
    partner = get_object_or_404(Need.objects.visible_to(request.audience), pk=partner_id) if partner_id else None
    own = {o.pk: o for o in user_organisations(request.user)}
    sides = [x.organisation_id for x in (need, offer) if x is not None]
    requester = next((own[pk] for pk in sides if pk in own), None)
    if requester is None:
        raise PermissionDenied
    form = IntroductionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            introduction = services.introduction_request(
                requester=requester,
                user=request.user,
                message=form.cleaned_data["message"],
                need=need,
                offer=offer,
                partner_need=partner,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request is sent. You will see their contacts once they accept."))
            return redirect("matching:introduction_detail", pk=introduction.pk)
    return render(
        request,
        "matching/introduction_form.html",
        {"form": form, "need": need, "offer": offer, "partner_need": partner, "requester": requester},
    )


@login_required
def introduction_list(request):
    introductions = Introduction.objects.involving(request.user).select_related(
        "requester", "recipient", "need", "offer"
    )
    page = Paginator(introductions, 20).get_page(request.GET.get("page"))
    return render(request, "matching/introduction_list.html", {"page": page})


@login_required
def introduction_detail(request, pk: int):
    introduction, organisation = get_introduction_for_party(request, pk)
    other = introduction.other_side(organisation.pk)
    accepted = introduction.is_accepted
    return render(
        request,
        "matching/introduction_detail.html",
        {
            "introduction": introduction,
            "organisation": organisation,
            "other": other,
            # Contacts only once accepted, and then only the two organisations' own.
            "contacts": Contact.objects.filter(organisation=other) if accepted else None,
            "thread": introduction.messages.select_related("author", "organisation") if accepted else None,
            "can_decide": introduction.status == Introduction.Status.PENDING
            and organisation.pk == introduction.recipient_id,
            "message_form": MessageForm() if accepted else None,
        },
    )


@login_required
@require_POST
def introduction_decide(request, pk: int):
    introduction, organisation = get_introduction_for_party(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or decline."))
        return redirect("matching:introduction_detail", pk=pk)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.introduction_decide(
            introduction=introduction, organisation=organisation, user=request.user, accept=accept
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Accepted: you now see each other's contacts and can write below.") if accept else _("Declined."),
        )
    return redirect("matching:introduction_detail", pk=pk)


@login_required
@require_POST
def introduction_message(request, pk: int):
    introduction, organisation = get_introduction_for_party(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.introduction_message_post(
                introduction=introduction, organisation=organisation, user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your message is sent."))
    else:
        messages.error(request, _("Write a message."))
    return redirect("matching:introduction_detail", pk=pk)


@login_required
@require_POST
def dismiss(request):
    organisation = acting_organisation(request.user)
    if organisation is None:
        raise PermissionDenied
    form = DismissForm(request.POST)
    if form.is_valid():
        services.dismissal_create(organisation=organisation, user=request.user, **form.cleaned_data)
        messages.success(request, _("The suggestion will not be shown to your organisation again."))
    else:
        messages.error(request, _("This suggestion could not be found."))
    return redirect(safe_url(request, request.POST.get("next", "")) or "matching:home")


def secretariat_introductions(request, slug: str):
    """Every introduction touching the network's members, with its outcome (連携実績)."""
    network = get_network_for_secretariat(request, slug)
    introductions = Introduction.objects.for_network(network).select_related("requester", "recipient", "need", "offer")
    page = Paginator(introductions, 50).get_page(request.GET.get("page"))
    counts = {
        "total": introductions.count(),
        "accepted": introductions.filter(status=Introduction.Status.ACCEPTED).count(),
        "results": introductions.exclude(outcome__in=["", Introduction.Outcome.NO_RESULT]).count(),
    }
    return render(
        request, "matching/secretariat_introductions.html", {"network": network, "page": page, "counts": counts}
    )


def secretariat_outcome(request, slug: str, pk: int):
    network = get_network_for_secretariat(request, slug)
    introduction = get_object_or_404(
        Introduction.objects.for_network(network).select_related("requester", "recipient"), pk=pk
    )
    form = OutcomeForm(request.POST or None, instance=introduction)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.introduction_record_outcome(
            introduction=introduction,
            user=request.user,
            outcome=data["outcome"],
            note=data["outcome_note"],
            on=data["outcome_on"],
        )
        messages.success(request, _("The outcome is recorded."))
        return redirect("matching:secretariat_outcome", slug=slug, pk=pk)
    if request.method == "POST":
        introduction.refresh_from_db()
    return render(
        request,
        "matching/secretariat_outcome.html",
        {
            "network": network,
            "introduction": introduction,
            "form": form,
            "partnership_url": services.partnership_prefill_url(introduction)
            if introduction.outcome in (Introduction.Outcome.AGREEMENT, Introduction.Outcome.PROJECT)
            else None,
        },
    )
