"""The secretariat's pages of a network: members, applications, tiers, officers, fees, imports.

Every view starts with get_network_for_secretariat, which refuses anyone who is not on the
network's secretariat or has not signed in with a second factor.
"""

import tablib
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from renkei.lib.caching import kept_page
from renkei.lib.dates import fiscal_year, fiscal_year_label, format_date, ten_minutes
from renkei.lib.exports import dataset_response
from renkei.networks import imports, services
from renkei.networks import manage_forms as forms
from renkei.networks.access import get_network_for_secretariat
from renkei.networks.dashboard import dashboard_scopes, network_figures, panels
from renkei.networks.invoices import invoice_pdf
from renkei.networks.models import Application, Invoice, Membership

PAGE_SIZE = 50


def dashboard(request, slug: str):
    """The secretariat's landing page: what waits for it, and how the network is doing."""
    network = get_network_for_secretariat(request, slug)
    return kept_page(
        request,
        "networks/manage/dashboard.html",
        lambda: {"network": network, "figures": network_figures(network), "panels": panels(network)},
        scopes=dashboard_scopes(network),
        extra=ten_minutes(),
    )


def dashboard_export(request, slug: str, fmt: str):
    """Every figure of the dashboard, one row each, with the page where the work on it is done."""
    network = get_network_for_secretariat(request, slug)
    figures = network_figures(network)
    dataset = tablib.Dataset(headers=[_("Section"), _("Figure"), _("Value"), _("Page")])
    base = request.build_absolute_uri("/").rstrip("/")
    applications = reverse("networks:manage_applications", args=[network.slug])
    dataset.append([_("Applications"), _("Waiting for a decision"), figures.pending_applications, base + applications])
    dataset.append([_("Members"), _("Active members"), figures.active_total, ""])
    for tier in figures.tiers:
        dataset.append([_("Members"), tier.name, tier.active_members, ""])
    invoices = reverse("networks:manage_invoices", args=[network.slug])
    for year in figures.unpaid:
        url = f"{base}{invoices}?year={year.year}&state=outstanding"
        dataset.append([_("Unpaid invoices"), year.label, year.count, url])
        dataset.append([_("Unpaid amount (yen)"), year.label, year.total, url])
    for area in figures.map.areas:
        dataset.append([_("Members by prefecture"), area.name, area.count, ""])
    for bar in figures.growth:
        dataset.append([_("Members at the end of the fiscal year"), bar.label, bar.members, ""])
    for panel in panels(network):
        for figure in panel.figures:
            dataset.append([panel.title, figure.label, figure.value, base + figure.url if figure.url else ""])
    filename = f"{network.slug}-dashboard-{timezone.localdate():%Y%m%d}.{fmt}"
    return dataset_response(dataset, fmt=fmt, filename=filename)


# --- Applications -------------------------------------------------------------------------


def application_list(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    decided = request.GET.get("state") == "decided"
    applications = network.applications.select_related("local_government__prefecture", "tier", "decided_by")
    if decided:
        applications = applications.exclude(status=Application.Status.PENDING).order_by("-decided_at")
    else:
        applications = applications.filter(status=Application.Status.PENDING).order_by("created_at")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"network": network, "page": page, "decided": decided, "query": "state=decided" if decided else ""}
    return render(request, "networks/manage/applications.html", context)


def application_detail(request, slug: str, pk: int):
    network = get_network_for_secretariat(request, slug)
    application = get_object_or_404(
        network.applications.select_related("local_government__prefecture", "tier", "decided_by", "membership"),
        pk=pk,
    )
    context = {"network": network, "application": application, "form": forms.DecisionForm()}
    return render(request, "networks/manage/application_detail.html", context)


def _decide(request, slug: str, pk: int, decide, done_message: str):
    network = get_network_for_secretariat(request, slug)
    application = get_object_or_404(network.applications, pk=pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        context = {"network": network, "application": application, "form": form}
        return render(request, "networks/manage/application_detail.html", context, status=400)
    try:
        decide(application=application, decided_by=request.user, message=form.cleaned_data["message"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("networks:manage_application", network.slug, application.pk)
    messages.success(request, done_message % {"organisation": application.display_organisation})
    return redirect("networks:manage_applications", network.slug)


@require_POST
def application_approve(request, slug: str, pk: int):
    return _decide(
        request,
        slug,
        pk,
        services.application_approve,
        _("%(organisation)s is now a member; the applicant was emailed and invited."),
    )


@require_POST
def application_decline(request, slug: str, pk: int):
    return _decide(
        request,
        slug,
        pk,
        services.application_decline,
        _("The application of %(organisation)s was declined and the applicant emailed."),
    )


# --- Memberships --------------------------------------------------------------------------


def membership_list(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    form = forms.MembershipFilterForm(request.GET or None, network=network)
    memberships = form.filter(
        network.memberships.select_related("organisation__prefecture", "tier").order_by("organisation__name_kana", "id")
    )
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"network": network, "form": form, "page": page, "query": query.urlencode()}
    return render(request, "networks/manage/memberships.html", context)


def _membership_history(membership: Membership) -> list[dict]:
    """The membership's changes, newest first: who, when, and each field's old → new value."""
    tiers = {t.pk: t.name for t in membership.network.tiers.all()}
    records = list(membership.history.select_related("history_user").order_by("history_date", "history_id"))
    labels = {
        name: str(Membership._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        for name in ("status", "tier", "joined_on", "left_on")
    }

    def shown(name: str, value) -> str:
        if value in (None, ""):
            return "—"
        if name == "status":
            return str(Membership.Status(value).label)
        if name == "tier":
            return tiers.get(value, "—")
        return format_date(value)

    entries = []
    for previous, record in zip([None, *records], records, strict=False):
        if previous is None:
            changes = [
                (labels[name], "—", shown(name, getattr(record, f"{name}_id" if name == "tier" else name)))
                for name in labels
            ]
        else:
            delta = record.diff_against(previous, included_fields=list(labels))
            changes = [(labels[c.field], shown(c.field, c.old), shown(c.field, c.new)) for c in delta.changes]
        if changes:
            entries.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "created": previous is None,
                    "changes": changes,
                }
            )
    return entries[::-1]


def membership_edit(request, slug: str, pk: int):
    network = get_network_for_secretariat(request, slug)
    membership = get_object_or_404(network.memberships.select_related("organisation", "tier", "network"), pk=pk)
    form = forms.MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The membership of %(organisation)s was saved.") % {"organisation": membership.organisation.name},
            )
            return redirect("networks:manage_membership", network.slug, membership.pk)
    # A failed POST leaves the instance changed in memory; show the history of what is stored.
    stored = Membership.objects.select_related("network").get(pk=membership.pk)
    context = {"network": network, "membership": stored, "form": form, "history": _membership_history(stored)}
    return render(request, "networks/manage/membership_edit.html", context, status=400 if form.errors else 200)


# --- Tiers and officers -------------------------------------------------------------------


def _formset_page(request, network, formset_class, template: str, saved_message: str):
    formset = formset_class(request.POST or None, instance=network)
    if request.method == "POST":
        if formset.is_valid():
            # All rows or none: a failure half-way must not leave some of them saved.
            with transaction.atomic():
                formset.save()
            messages.success(request, saved_message)
            return redirect(request.path)
        messages.error(request, _("Nothing was saved. Correct the errors shown below."))
    context = {"network": network, "formset": formset}
    return render(request, template, context, status=400 if request.method == "POST" else 200)


def tiers_edit(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    return _formset_page(request, network, forms.TierFormSet, "networks/manage/tiers.html", _("The tiers were saved."))


def officers_edit(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    return _formset_page(
        request, network, forms.OfficerFormSet, "networks/manage/officers.html", _("The officers were saved.")
    )


# --- Fee invoices -------------------------------------------------------------------------


def invoice_list(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    form = forms.InvoiceFilterForm(request.GET or None)
    year, state = fiscal_year(), ""
    if form.is_valid():
        year = form.cleaned_data["year"] or year
        state = form.cleaned_data["state"]
    of_year = Invoice.objects.filter(membership__network=network, fiscal_year=year)
    totals = of_year.aggregate(
        count=Count("id"),
        total=Sum("amount"),
        paid_count=Count("id", filter=Q(paid_on__isnull=False)),
        paid=Sum("amount", filter=Q(paid_on__isnull=False)),
        outstanding_count=Count("id", filter=Q(paid_on__isnull=True)),
        outstanding=Sum("amount", filter=Q(paid_on__isnull=True)),
    )
    invoices = of_year.select_related("membership__organisation", "membership__tier").order_by("number")
    if state == "outstanding":
        invoices = invoices.filter(paid_on__isnull=True)
    elif state == "paid":
        invoices = invoices.filter(paid_on__isnull=False)
    page = Paginator(invoices, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "network": network,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "totals": totals,
        "year": year,
        "year_label": fiscal_year_label(year),
        "state": state,
        "issue_form": forms.InvoiceIssueForm(initial={"fiscal_year": year}),
        "today": timezone.localdate(),
    }
    return render(request, "networks/manage/invoices.html", context)


@require_POST
def invoice_issue(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    form = forms.InvoiceIssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was issued: choose a fiscal year and a date of issue."))
        return redirect("networks:manage_invoices", network.slug)
    year = form.cleaned_data["fiscal_year"]
    issued = services.invoices_issue(network=network, fiscal_year=year, issued_on=form.cleaned_data["issued_on"])
    if issued:
        messages.success(
            request,
            ngettext(
                "%(count)s invoice was issued for %(year)s.",
                "%(count)s invoices were issued for %(year)s.",
                len(issued),
            )
            % {"count": len(issued), "year": fiscal_year_label(year)},
        )
    else:
        messages.info(
            request,
            _("Every active member with a fee already has an invoice for %(year)s.")
            % {"year": fiscal_year_label(year)},
        )
    return redirect(f"{reverse('networks:manage_invoices', args=[network.slug])}?year={year}")


def _invoice(network, pk: int) -> Invoice:
    return get_object_or_404(
        Invoice.objects.select_related(
            "membership__organisation", "membership__tier", "membership__network__secretariat"
        ),
        membership__network=network,
        pk=pk,
    )


def invoice_download(request, slug: str, pk: int):
    network = get_network_for_secretariat(request, slug)
    invoice = _invoice(network, pk)
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    return response


@require_POST
def invoice_paid(request, slug: str, pk: int):
    network = get_network_for_secretariat(request, slug)
    invoice = _invoice(network, pk)
    form = forms.InvoicePaidForm(request.POST)
    back = f"{reverse('networks:manage_invoices', args=[network.slug])}?year={invoice.fiscal_year}"
    if not form.is_valid():
        messages.error(request, _("Give the date the invoice %(number)s was paid.") % {"number": invoice.number})
        return redirect(back)
    try:
        services.invoice_mark_paid(invoice=invoice, paid_on=form.cleaned_data["paid_on"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Invoice %(number)s is marked as paid.") % {"number": invoice.number})
    return redirect(back)


@require_POST
def invoice_unpaid(request, slug: str, pk: int):
    network = get_network_for_secretariat(request, slug)
    invoice = services.invoice_mark_unpaid(invoice=_invoice(network, pk))
    messages.success(request, _("Invoice %(number)s is marked as not paid.") % {"number": invoice.number})
    return redirect(f"{reverse('networks:manage_invoices', args=[network.slug])}?year={invoice.fiscal_year}")


def invoice_settings(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    form = forms.InvoiceSettingsForm(request.POST or None, instance=network)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The payment details for invoices were saved."))
        return redirect("networks:manage_invoices", network.slug)
    return render(request, "networks/manage/invoice_settings.html", {"network": network, "form": form})


# --- Import and export --------------------------------------------------------------------


def member_import(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    form = forms.MemberImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if len(form.rows) > settings.RENKEI_IMPORT_BACKGROUND_ROWS:
            job = services.import_job_create(
                network=network,
                name=upload.name,
                content=form.content,
                total_rows=len(form.rows),
                created_by=request.user,
            )
            return redirect("networks:manage_import_job", network.slug, job.pk)
        try:
            result = services.members_import(network=network, rows=form.rows, user=request.user)
        except services.ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(
                request,
                _(
                    "Imported: %(created)s new members, %(updated)s updated; %(contacts)s contacts added, "
                    "%(contacts_updated)s updated."
                )
                % {
                    "created": result.memberships_created,
                    "updated": result.memberships_updated,
                    "contacts": result.contacts_created,
                    "contacts_updated": result.contacts_updated,
                },
            )
            return redirect("networks:manage_memberships", network.slug)
    context = {
        "network": network,
        "form": form,
        "errors": errors,
        "columns": imports.COLUMNS,
        "background_rows": settings.RENKEI_IMPORT_BACKGROUND_ROWS,
        "jobs": network.import_jobs.select_related("created_by")[:5],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "networks/manage/import.html", context, status=status)


def import_job_detail(request, slug: str, pk: int):
    network = get_network_for_secretariat(request, slug)
    job = get_object_or_404(network.import_jobs.select_related("created_by"), pk=pk)
    template = "networks/manage/_import_progress.html" if request.htmx else "networks/manage/import_job.html"
    return render(request, template, {"network": network, "job": job})


def member_export(request, slug: str, fmt: str):
    network = get_network_for_secretariat(request, slug)
    dataset = imports.export_dataset(network, request.user)
    filename = f"{network.slug}-members-{timezone.localdate():%Y%m%d}.{fmt}"
    return dataset_response(dataset, fmt=fmt, filename=filename)


urlpatterns = [
    path("<slug:slug>/manage/", dashboard, name="manage"),
    path("<slug:slug>/manage/dashboard.csv", dashboard_export, {"fmt": "csv"}, name="manage_dashboard_csv"),
    path("<slug:slug>/manage/dashboard.xlsx", dashboard_export, {"fmt": "xlsx"}, name="manage_dashboard_xlsx"),
    path("<slug:slug>/manage/applications/", application_list, name="manage_applications"),
    path("<slug:slug>/manage/applications/<int:pk>/", application_detail, name="manage_application"),
    path("<slug:slug>/manage/applications/<int:pk>/approve/", application_approve, name="manage_application_approve"),
    path("<slug:slug>/manage/applications/<int:pk>/decline/", application_decline, name="manage_application_decline"),
    path("<slug:slug>/manage/members/", membership_list, name="manage_memberships"),
    path("<slug:slug>/manage/members/<int:pk>/", membership_edit, name="manage_membership"),
    path("<slug:slug>/manage/tiers/", tiers_edit, name="manage_tiers"),
    path("<slug:slug>/manage/officers/", officers_edit, name="manage_officers"),
    path("<slug:slug>/manage/invoices/", invoice_list, name="manage_invoices"),
    path("<slug:slug>/manage/invoices/issue/", invoice_issue, name="manage_invoices_issue"),
    path("<slug:slug>/manage/invoices/settings/", invoice_settings, name="manage_invoice_settings"),
    path("<slug:slug>/manage/invoices/<int:pk>.pdf", invoice_download, name="manage_invoice_pdf"),
    path("<slug:slug>/manage/invoices/<int:pk>/paid/", invoice_paid, name="manage_invoice_paid"),
    path("<slug:slug>/manage/invoices/<int:pk>/unpaid/", invoice_unpaid, name="manage_invoice_unpaid"),
    path("<slug:slug>/manage/import/", member_import, name="manage_import"),
    path("<slug:slug>/manage/import/<int:pk>/", import_job_detail, name="manage_import_job"),
    path("<slug:slug>/manage/export.csv", member_export, {"fmt": "csv"}, name="manage_export_csv"),
    path("<slug:slug>/manage/export.xlsx", member_export, {"fmt": "xlsx"}, name="manage_export_xlsx"),
]
