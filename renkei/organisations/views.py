from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from renkei.networks.access import get_organisation_for_staff
from renkei.organisations import selectors, services
from renkei.organisations.forms import (
    ContactForm,
    HandoverForm,
    InvitationAcceptForm,
    InvitationForm,
    StaffRemoveForm,
)
from renkei.organisations.models import Contact, Invitation, Organisation, Staff


def _posted(request):
    # An empty POST must still bind the form, so that it shows what is missing.
    return request.POST if request.method == "POST" else None


def _role(request, organisation) -> Staff | None:
    if not request.user.is_authenticated:
        return None
    return Staff.objects.filter(user=request.user, organisation=organisation).first()


def _detail(request, organisation, invite_form=None, status=200):
    role = _role(request, organisation)
    is_admin = role is not None and role.role == Staff.Role.ADMIN
    context = {"organisation": organisation, "role": role, "is_admin": is_admin}
    if role is not None:
        context["staff"] = organisation.staff.select_related("user").order_by("user__name", "user__email")
    if is_admin:
        context["invite_form"] = invite_form or InvitationForm(organisation=organisation)
        context["invitations"] = organisation.invitations.filter(accepted_at__isnull=True).order_by("-created_at")
    return render(request, "organisations/detail.html", context, status=status)


def organisation_detail(request, pk: int):
    organisation = get_object_or_404(
        Organisation.objects.select_related("local_government", "prefecture", "overseas_government"), pk=pk
    )
    return _detail(request, organisation)


@login_required
@require_POST
def invitation_create(request, pk: int):
    organisation = get_organisation_for_staff(request, pk, admin=True)
    form = InvitationForm(request.POST, organisation=organisation)
    if not form.is_valid():
        return _detail(request, organisation, invite_form=form, status=400)
    services.invitation_create(
        organisation=organisation,
        email=form.cleaned_data["email"],
        role=form.cleaned_data["role"],
        invited_by=request.user,
        language=translation.get_language(),
    )
    messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
    return redirect("organisations:detail", pk=organisation.pk)


def invitation_accept(request, token: str):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if not invitation.is_usable():
        return render(request, "organisations/invitation_unusable.html", {"invitation": invitation}, status=410)
    existing = get_user_model().objects.filter(email__iexact=invitation.email).first()
    context = {"invitation": invitation, "organisation": invitation.organisation, "existing": existing}
    if request.user.is_authenticated and request.user != existing:
        # Signed in as someone else: accepting would give the wrong account a place on the staff.
        return render(request, "organisations/invitation_other_account.html", context, status=403)
    if existing is not None and not request.user.is_authenticated:
        return render(request, "organisations/invitation_accept.html", {**context, "sign_in_first": True})
    form = None if existing is not None else InvitationAcceptForm(_posted(request), invitation=invitation)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if existing is not None:
                services.invitation_accept(invitation=invitation, user=request.user)
                user = request.user
            else:
                assert form is not None  # no account yet: the form was shown and is valid
                services.invitation_accept(
                    invitation=invitation, name=form.cleaned_data["name"], password=form.cleaned_data["password1"]
                )
                user = get_user_model().objects.get(email__iexact=invitation.email)
                login(request, user, backend="renkei.accounts.backends.AuthenticationBackend")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return render(request, "organisations/invitation_unusable.html", {"invitation": invitation}, status=410)
        messages.success(
            request, _("Welcome to %(organisation)s on Renkei.") % {"organisation": invitation.organisation.name}
        )
        return redirect("organisations:detail", pk=invitation.organisation_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "organisations/invitation_accept.html", {**context, "form": form}, status=status)


@login_required
def contact_list(request, pk: int):
    organisation = get_organisation_for_staff(request, pk)
    contacts = organisation.contacts.select_related("owner")
    return render(
        request,
        "organisations/contact_list.html",
        {"organisation": organisation, "contacts": contacts, "role": _role(request, organisation)},
    )


def _contact_form_page(request, organisation, form, contact=None, status=200):
    return render(
        request,
        "organisations/contact_form.html",
        {"organisation": organisation, "form": form, "contact": contact},
        status=status,
    )


@login_required
def contact_create(request, pk: int):
    organisation = get_organisation_for_staff(request, pk)
    form = ContactForm(_posted(request), organisation=organisation, initial={"owner": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_create(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Contact added."))
            return redirect("organisations:contacts", pk=organisation.pk)
    return _contact_form_page(request, organisation, form, status=400 if form.is_bound else 200)


@login_required
def contact_update(request, pk: int, contact_pk: int):
    organisation = get_organisation_for_staff(request, pk)
    contact = get_object_or_404(Contact, pk=contact_pk, organisation=organisation)
    form = ContactForm(_posted(request), instance=contact, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(contact=contact, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Contact updated."))
            return redirect("organisations:contacts", pk=organisation.pk)
    if form.is_bound:
        # The form wrote the posted values onto the instance; show the stored contact in the title.
        contact.refresh_from_db()
    return _contact_form_page(request, organisation, form, contact, status=400 if form.is_bound else 200)


@login_required
def contact_delete(request, pk: int, contact_pk: int):
    organisation = get_organisation_for_staff(request, pk)
    contact = get_object_or_404(Contact, pk=contact_pk, organisation=organisation)
    if request.method == "POST":
        services.contact_delete(contact=contact, by=request.user)
        messages.success(request, _("Contact deleted."))
        return redirect("organisations:contacts", pk=organisation.pk)
    return render(request, "organisations/contact_delete.html", {"organisation": organisation, "contact": contact})


@login_required
def contact_history(request, pk: int, contact_pk: int):
    organisation = get_organisation_for_staff(request, pk)
    contact = get_object_or_404(Contact, pk=contact_pk, organisation=organisation)
    return render(
        request,
        "organisations/contact_history.html",
        {"organisation": organisation, "contact": contact, "entries": selectors.contact_history(contact)},
    )


@login_required
def contact_handover(request, pk: int, contact_pk: int):
    organisation = get_organisation_for_staff(request, pk)
    contact = get_object_or_404(Contact.objects.select_related("owner"), pk=contact_pk, organisation=organisation)
    form = HandoverForm(_posted(request), organisation=organisation, exclude_user=contact.owner)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.contact_handover(
                contacts=[contact],
                organisation=organisation,
                by=request.user,
                to_user=form.cleaned_data["to_user"],
                to_email=form.cleaned_data["to_email"],
                language=translation.get_language(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if invitation is None:
                messages.success(request, _("Contact handed over."))
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s; the contact is theirs once they accept.")
                    % {"email": invitation.email},
                )
            return redirect("organisations:contacts", pk=organisation.pk)
    return render(
        request,
        "organisations/contact_handover.html",
        {"organisation": organisation, "contact": contact, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def contacts_confirm(request, pk: int):
    organisation = get_organisation_for_staff(request, pk)
    count = services.contacts_confirm(contacts=organisation.contacts.all(), by=request.user)
    messages.success(
        request,
        ngettext("%(count)d contact confirmed as current.", "%(count)d contacts confirmed as current.", count)
        % {"count": count},
    )
    return redirect("organisations:contacts", pk=organisation.pk)


@login_required
def staff_remove(request, pk: int, staff_pk: int):
    organisation = get_organisation_for_staff(request, pk, admin=True)
    member = get_object_or_404(Staff.objects.select_related("user"), pk=staff_pk, organisation=organisation)
    owned = list(organisation.contacts.filter(owner=member.user))
    form = StaffRemoveForm(
        _posted(request), organisation=organisation, exclude_user=member.user, needs_handover=bool(owned)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_remove(
                staff=member,
                by=request.user,
                to_user=form.cleaned_data.get("to_user"),
                to_email=form.cleaned_data.get("to_email") or "",
                language=translation.get_language(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was removed from the staff.") % {"name": member.user})
            if member.user == request.user:
                return redirect("accounts:profile")
            return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request,
        "organisations/staff_remove.html",
        {"organisation": organisation, "member": member, "owned": owned, "form": form},
        status=400 if form.is_bound else 200,
    )


def contacts_confirm_link(request, token: str):
    """The one-click link of the yearly confirmation email: a button that confirms every listed contact."""
    data = services.confirmation_token_read(token)
    if data is None:
        return render(request, "organisations/confirm_link_invalid.html", status=410)
    owner_id, contact_ids = data
    owner = get_object_or_404(get_user_model(), pk=owner_id, is_active=True)
    contacts = list(selectors.contacts_for_confirmation(owner_id=owner_id, contact_ids=contact_ids))
    if request.method == "POST":
        count = services.contacts_confirm(contacts=contacts, by=owner)
        return render(request, "organisations/confirm_link_done.html", {"count": count, "contacts": contacts})
    return render(request, "organisations/confirm_link.html", {"owner": owner, "contacts": contacts})
