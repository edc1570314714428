"""The secretariat's inbox: the list with filters and figures, one inquiry's thread, export, settings."""

import tablib
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from renkei.inquiries.access import get_desk, get_inquiry
from renkei.inquiries.forms import (
    EntryForm,
    InboxFilterForm,
    InboxSettingsForm,
    InquiryUpdateForm,
    PrivacyPolicyForm,
)
from renkei.inquiries.links import desk_url
from renkei.inquiries.models import Inquiry, PrivacyPolicy
from renkei.inquiries.services import (
    inbox_settings_for,
    inbox_settings_save,
    inquiry_note_add,
    inquiry_reply,
    inquiry_update,
    privacy_policy_publish,
)
from renkei.lib.dates import format_date
from renkei.lib.exports import dataset_response

PAGE_SIZE = 25


def _filtered(request, network):
    form = InboxFilterForm(request.GET or None, network=network)
    inquiries = Inquiry.objects.visible_to(request.user).for_desk(network)
    return form, inquiries, form.filter(inquiries)


def inbox(request, slug: str | None = None):
    network = get_desk(request, slug)
    form, everything, inquiries = _filtered(request, network)
    page = Paginator(inquiries.select_related("assignee"), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "network": network,
        "form": form,
        "page": page,
        "rows": [(inquiry, inquiry.is_overdue(today)) for inquiry in page],
        "figures": everything.figures(),
        "query": query.urlencode(),
        # Worked out once, not per row: the inbox shows up to PAGE_SIZE rows.
        "inbox_url": desk_url("inbox", network),
        "overdue_label": _("Overdue"),
    }
    return render(request, "inquiries/inbox.html", context)


def inbox_export(request, fmt: str, slug: str | None = None):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    network = get_desk(request, slug)
    _form, _everything, inquiries = _filtered(request, network)
    today = timezone.localdate()
    dataset = tablib.Dataset(
        headers=[
            _("Reference"),
            _("Received"),
            _("Kind"),
            _("Status"),
            _("Overdue"),
            _("Answer due"),
            _("Assignee"),
            pgettext("person", "Name"),
            _("Organisation"),
            _("Email"),
            _("Phone"),
            _("Media outlet"),
            _("Deadline"),
            _("What is wanted"),
            _("Message"),
            _("Privacy policy version"),
            _("Language"),
        ]
    )
    for inquiry in inquiries.select_related("assignee", "policy").iterator(chunk_size=2000):
        dataset.append(
            [
                inquiry.reference,
                timezone.localtime(inquiry.created_at).strftime("%Y-%m-%d %H:%M"),
                inquiry.get_kind_display(),
                inquiry.get_status_display(),
                _("Yes") if inquiry.is_overdue(today) else "",
                inquiry.due_on.isoformat(),
                str(inquiry.assignee or ""),
                inquiry.name,
                inquiry.organisation,
                inquiry.email,
                inquiry.phone,
                inquiry.outlet,
                inquiry.deadline.isoformat() if inquiry.deadline else "",
                inquiry.wanted,
                inquiry.message,
                inquiry.policy.version,
                inquiry.get_language_display(),
            ]
        )
    name = network.slug if network else "renkei"
    return dataset_response(dataset, fmt=fmt, filename=f"inquiries-{name}-{today:%Y%m%d}.{fmt}")


def inquiry_detail(request, pk: int, slug: str | None = None):
    network, inquiry = get_inquiry(request, slug, pk)
    return _detail(request, network, inquiry)


def _detail(request, network, inquiry, *, update=None, note=None, reply=None, status=200):
    context = {
        "network": network,
        "inquiry": inquiry,
        "overdue": inquiry.is_overdue(),
        "entries": inquiry.entries.select_related("author"),
        "update_form": update or InquiryUpdateForm(instance=inquiry, network=network, prefix="update"),
        "note_form": note or EntryForm(label=_("Internal note"), prefix="note"),
        "reply_form": reply or EntryForm(label=_("Reply to the sender"), prefix="reply"),
        "due_on": format_date(inquiry.due_on),
    }
    return render(request, "inquiries/inquiry.html", context, status=status)


@require_POST
def inquiry_update_view(request, pk: int, slug: str | None = None):
    network, inquiry = get_inquiry(request, slug, pk)
    form = InquiryUpdateForm(
        request.POST, instance=Inquiry.objects.get(pk=inquiry.pk), network=network, prefix="update"
    )
    if not form.is_valid():
        return _detail(request, network, inquiry, update=form, status=400)
    inquiry_update(inquiry=inquiry, status=form.cleaned_data["status"], assignee=form.cleaned_data["assignee"])
    messages.success(request, _("The inquiry was updated."))
    return redirect(desk_url("inquiry", network, inquiry.pk))


@require_POST
def inquiry_note(request, pk: int, slug: str | None = None):
    network, inquiry = get_inquiry(request, slug, pk)
    form = EntryForm(request.POST, label=_("Internal note"), prefix="note")
    if not form.is_valid():
        return _detail(request, network, inquiry, note=form, status=400)
    inquiry_note_add(inquiry=inquiry, author=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("The note was added. It is not sent to the sender."))
    return redirect(desk_url("inquiry", network, inquiry.pk))


@require_POST
def inquiry_reply_view(request, pk: int, slug: str | None = None):
    network, inquiry = get_inquiry(request, slug, pk)
    form = EntryForm(request.POST, label=_("Reply to the sender"), prefix="reply")
    if not form.is_valid():
        return _detail(request, network, inquiry, reply=form, status=400)
    inquiry_reply(inquiry=inquiry, author=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("The reply was emailed to %(email)s.") % {"email": inquiry.email})
    return redirect(desk_url("inquiry", network, inquiry.pk))


def inbox_settings(request, slug: str | None = None):
    network = get_desk(request, slug)
    form = InboxSettingsForm(request.POST or None, instance=inbox_settings_for(network))
    if request.method == "POST" and form.is_valid():
        inbox_settings_save(network=network, **form.cleaned_data)
        messages.success(request, _("The inbox settings were saved."))
        return redirect(desk_url("inbox", network))
    status = 400 if request.method == "POST" else 200
    return render(request, "inquiries/settings.html", {"network": network, "form": form}, status=status)


def policy_edit(request, slug: str | None = None):
    network = get_desk(request, slug)
    current = PrivacyPolicy.objects.current(network)
    initial = {"body_ja": current.body_ja, "body_en": current.body_en} if current else {}
    form = PrivacyPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        policy = privacy_policy_publish(network=network, author=request.user, **form.cleaned_data)
        messages.success(
            request, _("Version %(version)s of the privacy policy is published.") % {"version": policy.version}
        )
        return redirect(desk_url("privacy", network))
    status = 400 if request.method == "POST" else 200
    context = {"network": network, "form": form, "current": current}
    return render(request, "inquiries/policy_edit.html", context, status=status)
