"""Writes on networks: applications, memberships, fee invoices and member imports."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from renkei.lib.mail import send_templated_mail
from renkei.lib.worklists import work_changed
from renkei.networks.imports import MemberRow, RowError, read_rows, validate_rows
from renkei.networks.models import Application, ImportJob, Invoice, Membership, Network, Tier
from renkei.organisations.models import Contact, Organisation, Staff
from renkei.organisations.services import invitation_create, organisation_for_government

# --- Applications -------------------------------------------------------------------------


@transaction.atomic
def application_create(
    *,
    network: Network,
    organisation_kind: str,
    tier: Tier,
    contact_name: str,
    email: str,
    local_government=None,
    organisation_name: str = "",
    department: str = "",
    phone: str = "",
    message: str = "",
) -> Application:
    """Record a request to join a network (anyone may send one) and email the applicant and the secretariat.

    On behalf of a local government (``local_government``) or of a company or association
    (``organisation_name``). Raises ValidationError, saving nothing, when the network takes
    no applications, the tier is another network's, or the organisation is already an active
    member or has an application waiting.
    """
    if not network.accepts_applications:
        raise ValidationError(_("This network is not accepting applications."), code="closed")
    if tier.network_id != network.pk:
        raise ValidationError(_("Choose a tier of this network."), code="tier_network")
    if local_government is None and not organisation_name:
        raise ValidationError(_("Name the organisation that applies."), code="organisation_required")
    # Serialise applications per network, so a double click cannot slip past the checks below.
    Network.objects.select_for_update().filter(pk=network.pk).first()
    members = Membership.objects.filter(
        network=network, status__in=[Membership.Status.ACTIVE, Membership.Status.APPLIED]
    )
    waiting = Application.objects.filter(network=network, status=Application.Status.PENDING)
    if local_government is not None:
        members = members.filter(organisation__local_government=local_government)
        waiting = waiting.filter(local_government=local_government)
        name = local_government.full_name
    else:
        members = members.filter(
            Q(organisation__name_ja__iexact=organisation_name) | Q(organisation__name_en__iexact=organisation_name)
        )
        waiting = waiting.filter(local_government__isnull=True, organisation_name__iexact=organisation_name)
        name = organisation_name
    if members.exists():
        raise ValidationError(
            _("%(organisation)s is already a member of this network.") % {"organisation": name}, code="already_member"
        )
    if waiting.exists():
        raise ValidationError(
            _("An application for %(organisation)s is already waiting for the secretariat's decision.")
            % {"organisation": name},
            code="already_applied",
        )
    application = Application.objects.create(
        network=network,
        organisation_kind=organisation_kind,
        local_government=local_government,
        organisation_name=organisation_name,
        contact_name=contact_name,
        department=department,
        email=email,
        phone=phone,
        tier=tier,
        message=message,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    secretariat = list(
        Staff.objects.filter(organisation_id=network.secretariat_id, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )
    context = {"application": application, "network": network}

    def notify() -> None:
        send_templated_mail(
            to=[email], template="networks/email/application_received", context=context, language=application.language
        )
        if secretariat:
            # The secretariat reads Renkei in Japanese, the default language.
            send_templated_mail(
                to=secretariat,
                template="networks/email/application_notice",
                context=context,
                language=settings.LANGUAGE_CODE,
            )

    transaction.on_commit(notify)
    return application


def _application_for_decision(application: Application) -> Application:
    """The application, locked for this transaction, or ValidationError if it is already decided."""
    locked = Application.objects.select_for_update().select_related("network", "tier").get(pk=application.pk)
    if locked.status != Application.Status.PENDING:
        message = (
            _("This application was already approved.")
            if locked.status == Application.Status.APPROVED
            else _("This application was already declined.")
        )
        raise ValidationError(message, code="already_decided")
    return locked


def _contact_from_application(organisation: Organisation, application: Application) -> Contact:
    contact = Contact.objects.filter(organisation=organisation, email__iexact=application.email).first()
    if contact is None:
        contact = Contact(organisation=organisation, email=application.email.lower())
        # The first contact of an organisation is the one the secretariat writes to.
        contact.is_primary = not Contact.objects.filter(organisation=organisation, is_primary=True).exists()
    contact.person_name = application.contact_name
    contact.department = application.department
    contact.phone = application.phone
    contact.save()
    return contact


@transaction.atomic
def application_approve(*, application: Application, decided_by, message: str = "") -> Membership:
    """Approve an application to join: the organisation becomes an active member.

    Finds or creates the organisation (a municipality's from the registry, a new one for a
    company), creates the membership or reactivates a withdrawn one, records the applicant
    as a contact, invites them as the organisation's administrator unless they already are
    staff, and emails them the decision. Raises ValidationError when the application is
    already decided or the organisation is already a member.
    """
    application = _application_for_decision(application)
    network = application.network
    if application.local_government_id:
        organisation = organisation_for_government(application.local_government)
    else:
        organisation = Organisation.objects.create(
            kind=application.organisation_kind,
            name=application.organisation_name,
            name_ja=application.organisation_name,
        )

    today = timezone.localdate()
    membership = Membership.objects.filter(network=network, organisation=organisation).first()
    if membership is None:
        membership = Membership.objects.create(
            network=network,
            organisation=organisation,
            tier=application.tier,
            status=Membership.Status.ACTIVE,
            joined_on=today,
        )
    elif membership.status in (Membership.Status.WITHDRAWN, Membership.Status.APPLIED):
        membership.status = Membership.Status.ACTIVE
        membership.tier = application.tier
        membership.joined_on = today
        membership.left_on = None
        membership.save(update_fields=["status", "tier", "joined_on", "left_on"])
    else:
        raise ValidationError(
            _("%(organisation)s is already a member of this network (%(status)s).")
            % {"organisation": organisation.name, "status": membership.get_status_display()},
            code="already_member",
        )

    _contact_from_application(organisation, application)
    if not Staff.objects.filter(organisation=organisation, user__email__iexact=application.email).exists():
        invitation_create(
            organisation=organisation,
            email=application.email,
            role=Staff.Role.ADMIN,
            invited_by=decided_by,
            language=application.language,
        )

    application.status = Application.Status.APPROVED
    application.decided_at = timezone.now()
    application.decided_by = decided_by
    application.membership = membership
    application.save(update_fields=["status", "decided_at", "decided_by", "membership"])
    _send_decision(application, "application_approved", message)
    return membership


@transaction.atomic
def application_decline(*, application: Application, decided_by, message: str = "") -> Application:
    """Decline an application to join and email the applicant, with the secretariat's message if any."""
    application = _application_for_decision(application)
    application.status = Application.Status.DECLINED
    application.decided_at = timezone.now()
    application.decided_by = decided_by
    application.save(update_fields=["status", "decided_at", "decided_by"])
    _send_decision(application, "application_declined", message)
    return application


def _send_decision(application: Application, template: str, message: str) -> None:
    context = {"application": application, "network": application.network, "message": message}
    transaction.on_commit(
        # In the language the applicant applied in, whatever language the secretariat reads.
        lambda: send_templated_mail(
            to=[application.email],
            template=f"networks/email/{template}",
            context=context,
            language=application.language,
        )
    )


# --- Memberships --------------------------------------------------------------------------


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    status: str,
    tier: Tier,
    joined_on: datetime.date | None,
    left_on: datetime.date | None,
) -> Membership:
    """Change a membership's status, tier and dates; withdrawing sets the day it left to today if unset.

    The change is kept in Membership.history with the person who made it.
    """
    if tier.network_id != membership.network_id:
        raise ValidationError(_("Choose a tier of this network."), code="tier_network")
    if status == Membership.Status.WITHDRAWN and left_on is None:
        left_on = timezone.localdate()
    if joined_on and left_on and left_on < joined_on:
        raise ValidationError(_("The day it left cannot be before the day it joined."), code="dates")
    membership.status = status
    membership.tier = tier
    membership.joined_on = joined_on
    membership.left_on = left_on
    membership.save(update_fields=["status", "tier", "joined_on", "left_on"])
    return membership


# --- Fee invoices -------------------------------------------------------------------------

INVOICE_DUE_DAYS = 30


def invoice_number_prefix(network: Network) -> str:
    """The start of a network's invoice numbers: its slug's first word, e.g. NIHON for nihon-shucho-rengo."""
    return network.slug.split("-")[0].upper()[:20]


@transaction.atomic
def invoices_issue(*, network: Network, fiscal_year: int, issued_on: datetime.date) -> list[Invoice]:
    """Issue the year's fee invoice to every active member whose tier has a fee and has none yet.

    Running it again issues only the missing ones. Numbers run on from the last one of the
    year: ALLIANCE-2025-0001, ALLIANCE-2025-0002…; the amount is the tier's fee, due in 30 days.
    """
    # Serialise issuing per network, so two clicks cannot hand out the same numbers.
    Network.objects.select_for_update().filter(pk=network.pk).first()
    memberships = (
        Membership.objects.active()
        .filter(network=network, tier__annual_fee__gt=0)
        .exclude(invoices__fiscal_year=fiscal_year)
        .select_related("tier", "organisation")
        .order_by("organisation__name_kana", "id")
    )
    stem = f"{invoice_number_prefix(network)}-{fiscal_year}-"
    numbers = Invoice.objects.filter(number__startswith=stem).values_list("number", flat=True)
    last = max((int(n.removeprefix(stem)) for n in numbers if n.removeprefix(stem).isdigit()), default=0)
    invoices = []
    for sequence, membership in enumerate(memberships, start=last + 1):
        invoices.append(
            Invoice(
                membership=membership,
                fiscal_year=fiscal_year,
                number=f"{stem}{sequence:04d}",
                # Invoices are written in Japanese; the tier's name is kept as it was on the day.
                tier_name=membership.tier.name_ja or membership.tier.name,
                tier_name_en=membership.tier.name_en or "",
                amount=membership.tier.annual_fee,
                issued_on=issued_on,
                due_on=issued_on + datetime.timedelta(days=INVOICE_DUE_DAYS),
            )
        )
    created = Invoice.objects.bulk_create(invoices)
    work_changed(networks=[network.pk])  # bulk_create sends no post_save
    return created


def invoice_mark_paid(*, invoice: Invoice, paid_on: datetime.date) -> Invoice:
    """Record the day an invoice was paid."""
    if paid_on < invoice.issued_on:
        raise ValidationError(_("An invoice cannot be paid before the day it is issued."), code="paid_before_issued")
    invoice.paid_on = paid_on
    invoice.save(update_fields=["paid_on"])
    return invoice


def invoice_mark_unpaid(*, invoice: Invoice) -> Invoice:
    """Mark an invoice as not paid (a payment recorded by mistake)."""
    invoice.paid_on = None
    invoice.save(update_fields=["paid_on"])
    return invoice


# --- Member imports -----------------------------------------------------------------------


class ImportRejected(Exception):
    """A file with at least one bad row; nothing was written."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class ImportResult:
    memberships_created: int = 0
    memberships_updated: int = 0
    contacts_created: int = 0
    contacts_updated: int = 0


def _organisation_for_row(row: MemberRow) -> Organisation:
    if row.government is not None:
        return organisation_for_government(row.government)
    found = (
        Organisation.objects.filter(kind=row.organisation_kind)
        .filter(Q(name=row.organisation_name) | Q(name_ja=row.organisation_name) | Q(name_en=row.organisation_name))
        .order_by("id")
        .first()
    )
    return found or Organisation.objects.create(
        kind=row.organisation_kind, name=row.organisation_name, name_ja=row.organisation_name
    )


def _write_row(network: Network, row: MemberRow, user, result: ImportResult) -> None:
    organisation = _organisation_for_row(row)
    membership = Membership.objects.filter(network=network, organisation=organisation).first()
    if membership is None:
        membership = Membership(network=network, organisation=organisation)
        result.memberships_created += 1
    else:
        result.memberships_updated += 1
    membership.tier = row.tier
    membership.status = row.status
    if row.joined_on:
        membership.joined_on = row.joined_on
    if row.status == Membership.Status.WITHDRAWN and membership.left_on is None:
        membership.left_on = timezone.localdate()
    # The history records who imported it, also when no request is around (background jobs).
    membership._history_user = user
    membership.save()

    if row.contact:
        contact = Contact.objects.filter(organisation=organisation, email__iexact=row.contact["email"]).first()
        if contact is None:
            contact = Contact(organisation=organisation)
            contact.is_primary = not Contact.objects.filter(organisation=organisation, is_primary=True).exists()
            result.contacts_created += 1
        else:
            result.contacts_updated += 1
        for name, value in row.contact.items():
            setattr(contact, name, value)
        contact._history_user = user
        contact.save()


def members_import(
    *, network: Network, rows: list[dict], user=None, on_progress: Callable[[str, int], None] | None = None
) -> ImportResult:
    """Import members and their contacts from rows read by imports.read_rows.

    Every row is checked first; if any is bad, ImportRejected lists each bad row's number and
    reason and nothing is written. Otherwise all rows are written in one transaction: the
    organisation is found (or created), its membership created or updated, and the contact
    (found by email within the organisation) created or updated. ``on_progress(phase, n)``
    hears about rows checked ("validating") and written ("writing").
    """
    valid, errors = validate_rows(
        network, rows, progress=(lambda n: on_progress("validating", n)) if on_progress else None
    )
    if errors:
        raise ImportRejected(errors)
    result = ImportResult()
    if on_progress:
        on_progress("writing", 0)
    with transaction.atomic():
        for count, row in enumerate(valid, start=1):
            _write_row(network, row, user, result)
            if on_progress and (count % 50 == 0 or count == len(valid)):
                on_progress("writing", count)
    return result


@transaction.atomic
def import_job_create(*, network: Network, name: str, content: bytes, total_rows: int, created_by) -> ImportJob:
    """Store an uploaded file and import it in the background (tasks.import_job_run)."""
    from renkei.networks.tasks import import_job_run

    job = ImportJob(
        network=network,
        original_name=name[:255],
        total_rows=total_rows,
        created_by=created_by,
        language=translation.get_language() or "ja",
    )
    job.file.save(name, ContentFile(content), save=False)
    job.save()
    transaction.on_commit(lambda: import_job_run.enqueue(job_id=job.pk))
    return job


def import_job_process(*, job: ImportJob) -> ImportJob:
    """Run a stored import: check every row, then write them all or none, keeping progress on the job.

    Progress is saved outside the import's transaction so the job page can show it while
    the rows are checked; the writing itself is one transaction, after which done = total.
    """
    if job.is_finished:
        return job
    with translation.override(job.language):
        job.status = ImportJob.Status.VALIDATING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
        try:
            with job.file.open("rb") as handle:
                rows = read_rows(job.original_name, handle.read())
        except Exception as error:  # ImportFileError, or the stored file has gone
            return _import_job_finish(job, ImportJob.Status.FAILED, [RowError(0, str(error)).as_dict()])
        job.total_rows = len(rows)
        job.save(update_fields=["total_rows"])

        def progress(phase: str, count: int) -> None:
            # Saved now only while outside the import's transaction: the job page reads them.
            if phase == "validating":
                job.done_rows = count
                job.save(update_fields=["done_rows"])
            elif count == 0:
                job.status = ImportJob.Status.WRITING
                job.save(update_fields=["status"])

        try:
            members_import(network=job.network, rows=rows, user=job.created_by, on_progress=progress)
        except ImportRejected as rejected:
            return _import_job_finish(job, ImportJob.Status.FAILED, [e.as_dict() for e in rejected.errors])
        job.done_rows = job.total_rows
        return _import_job_finish(job, ImportJob.Status.DONE, [])


def _import_job_finish(job: ImportJob, status: str, errors: list[dict]) -> ImportJob:
    job.status = status
    job.errors = errors
    job.finished_at = timezone.now()
    # The file holds people's names and addresses; once imported (or rejected) it is not kept.
    if job.file:
        job.file.delete(save=False)
    job.save(update_fields=["status", "errors", "finished_at", "done_rows", "file"])
    return job


DEFAULT_THEMES = [
    ("観光", "Tourism"),
    ("防災", "Disaster prevention"),
    ("移住・定住", "Migration and settlement"),
    ("産業振興", "Industry"),
    ("子育て・教育", "Child-rearing and education"),
    ("環境", "Environment"),
    ("文化・スポーツ", "Culture and sports"),
    ("DX", "Digital transformation"),
    ("国際交流", "International exchange"),
]


def themes_create_defaults(network: Network) -> list:
    """Give ``network`` a default taxonomy of themes (観光, 防災, 移住・定住…), unless it already has themes."""
    from renkei.networks.models import Theme

    if network.themes.exists():
        return list(network.themes.all())
    return Theme.objects.bulk_create(
        Theme(network=network, name=ja, name_ja=ja, name_en=en, order=index)
        for index, (ja, en) in enumerate(DEFAULT_THEMES, start=1)
    )
