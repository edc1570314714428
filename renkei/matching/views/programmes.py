"""Programmes (公募・事業) and their relay: the list, a programme, marks, the status table, reminders."""

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.lib.caching import kept_page
from renkei.lib.exports import dataset_response
from renkei.matching import selectors, services
from renkei.matching.access import (
    GOVERNMENT_KINDS,
    acting_organisation,
    get_programme_for_manager,
    get_relay_for_manager,
    get_visible_programme,
    programme_publishers,
    user_organisations,
)
from renkei.matching.forms import ProgrammeForm, TargetStatusForm
from renkei.matching.models import Programme, ProgrammeTarget
from renkei.networks.models import Network
from renkei.organisations.selectors import primary_contacts
from renkei.registry.regions import Region

PAGE_SIZE = 20


def programme_list(request):
    programmes = Programme.objects.visible_to(request.user).select_related("organisation")
    page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    organisation = acting_organisation(request.user, GOVERNMENT_KINDS)
    targeted = list(selectors.targeted_programmes(organisation)[:50]) if organisation else []
    return render(
        request,
        "matching/programme_list.html",
        {
            "page": page,
            "organisation": organisation,
            "targeted": targeted,
            "unread": sum(1 for t in targeted if t.status == ProgrammeTarget.Status.UNREAD),
            "can_publish": request.user.is_authenticated and programme_publishers(request.user).exists(),
        },
    )


def programme_detail(request, pk: int):
    programme = get_visible_programme(request, pk)
    own = list(user_organisations(request.user).values_list("pk", flat=True))
    # Opening the page is reading it, for every organisation of the reader that it targets.
    services.programme_open(programme=programme, organisation_ids=own)
    target = ProgrammeTarget.objects.filter(programme=programme, organisation_id__in=own).first()
    form = TargetStatusForm(initial={"status": target.status} if target else None)
    return render(
        request,
        "matching/programme_detail.html",
        {
            "programme": programme,
            "themes": programme.themes.all(),
            "target": target,
            "form": form,
            "is_manager": _may_manage(request.user, programme, own),
            "is_draft": programme.is_draft,
        },
    )


def _may_manage(user, programme: Programme, own: list[int]) -> bool:
    if programme.organisation_id in own:
        return True
    return Network.objects.with_secretariat_staff(user).filter(pk=programme.network_id).exists()


@login_required
@require_POST
def programme_status(request, pk: int):
    programme = get_visible_programme(request, pk)
    target = (
        ProgrammeTarget.objects.filter(programme=programme, organisation__staff__user=request.user)
        .select_related("organisation")
        .first()
    )
    if target is None:
        raise PermissionDenied
    form = TargetStatusForm(request.POST)
    if form.is_valid():
        try:
            services.programme_target_set_status(
                programme=programme, organisation=target.organisation, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your organisation's status is saved."))
    else:
        messages.error(request, _("Choose a status from the list."))
    return redirect("matching:programme_detail", pk=pk)


@login_required
def programme_new(request):
    publishers = programme_publishers(request.user)
    organisation = publishers.first()
    if organisation is None:
        raise PermissionDenied
    networks = Network.objects.all()
    form = ProgrammeForm(request.POST or None, networks=networks)
    if request.method == "POST" and form.is_valid():
        draft = "draft" in request.POST
        try:
            programme = services.programme_create(
                organisation=organisation, author=request.user, is_draft=draft, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if draft:
                messages.success(request, _("The draft is saved. Nobody receives it until you publish it."))
                return redirect("matching:programme_detail", pk=programme.pk)
            messages.success(request, _("The programme is published and relayed to the members it targets."))
            return redirect("matching:programme_relay", pk=programme.pk)
    return render(request, "matching/programme_form.html", {"form": form, "organisation": organisation})


def programme_edit(request, pk: int):
    programme = get_programme_for_manager(request, pk)
    form = ProgrammeForm(request.POST or None, instance=programme, networks=Network.objects.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("matching:programme_detail", pk=programme.pk)
    return render(
        request,
        "matching/programme_form.html",
        {"form": form, "organisation": programme.organisation, "programme": programme},
    )


@require_POST
def programme_publish(request, pk: int):
    programme = get_programme_for_manager(request, pk)
    try:
        reached = services.programme_publish(programme=programme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matching:programme_detail", pk=pk)
    if reached:
        messages.success(
            request,
            _("The programme is published and announced to the %(count)d organisations it targets.")
            % {"count": reached},
        )
    return redirect("matching:programme_relay", pk=pk)


def _relay_context(facts: selectors.RelayFacts) -> dict:
    counts = selectors.programme_status_counts(facts)
    return {
        "programme": facts,
        "figures": [(value, label, counts[value]) for value, label in ProgrammeTarget.Status.choices],
        "rows": selectors.programme_status_rows(facts),
    }


def programme_relay(request, pk: int):
    """Per programme: which targeted governments read it, consider or apply, and who has not opened it.

    The page is kept whole in each process (``kept_page``) under the programme's relay generation,
    which every mark and edit bumps: a new mark shows at once, and a table of 1,788 rows is
    drawn once, not on every request. Only the reader's form token is put in each time.
    """
    facts = get_relay_for_manager(request, pk)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        return _export(facts, export, request.user)
    return kept_page(
        request,
        "matching/programme_relay.html",
        lambda: _relay_context(facts),
        scopes=(selectors.relay_scope(facts.pk),),
        extra=(facts.version,),
    )


def _export(programme: selectors.RelayFacts, fmt: str, user):
    # Whom to call about a government that has not opened the programme: its primary contact.
    rows = list(selectors.programme_status_rows(programme))
    contacts = primary_contacts([row.organisation_id for row in rows], user)
    dataset = tablib.Dataset(
        headers=[
            _("Code"),
            _("Local government"),
            _("Prefecture"),
            _("Region"),
            _("Status"),
            _("First opened"),
            _("Status changed"),
            _("Contact"),
            _("Department"),
            _("Email"),
            _("Phone"),
        ]
    )
    regions = dict(Region.choices)
    statuses = dict(ProgrammeTarget.Status.choices)
    for row in rows:
        lg = row.organisation.local_government
        contact = contacts.get(row.organisation_id)
        dataset.append(
            [
                lg.code if lg else "",
                row.organisation.name,
                lg.prefecture.display_name if lg and lg.prefecture else (lg.display_name if lg else ""),
                str(regions.get(lg.region, "")) if lg else "",
                str(statuses[row.status]),
                row.read_at.isoformat() if row.read_at else "",
                row.status_at.isoformat() if row.status_at else "",
                contact.person_name if contact else "",
                contact.department if contact else "",
                contact.email if contact else "",
                contact.phone if contact else "",
            ]
        )
    return dataset_response(dataset, fmt=fmt, filename=f"programme-{programme.pk}-relay.{fmt}")


@require_POST
def programme_remind(request, pk: int):
    programme = get_programme_for_manager(request, pk)
    count = services.programme_remind(programme=programme)
    if count:
        messages.success(
            request,
            _("A reminder is being sent to the contacts of %(count)d organisations that have not opened it.")
            % {"count": count},
        )
    else:
        messages.info(request, _("Every targeted organisation has opened the programme."))
    return redirect("matching:programme_relay", pk=pk)
