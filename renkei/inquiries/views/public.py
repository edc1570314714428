"""The public inquiry form, its thank-you page and the privacy policy."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation

from renkei.inquiries.access import get_public_desk
from renkei.inquiries.forms import InquiryForm
from renkei.inquiries.links import desk_url
from renkei.inquiries.models import PrivacyPolicy
from renkei.inquiries.services import inquiry_create
from renkei.lib.clients import client_address


def contact(request, slug: str | None = None):
    network = get_public_desk(slug)
    policy = PrivacyPolicy.objects.current(network)
    form = InquiryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if policy is not None and form.is_valid():
            try:
                inquiry_create(
                    network=network,
                    data=form.inquiry_data(),
                    language=translation.get_language(),
                    client_ip=client_address(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 429 if error.code == "rate_limited" else 400
            else:
                return redirect(desk_url("sent", network))
    context = {"network": network, "policy": policy, "form": form}
    return render(request, "inquiries/contact.html", context, status=status)


def sent(request, slug: str | None = None):
    return render(request, "inquiries/sent.html", {"network": get_public_desk(slug)})


def privacy(request, slug: str | None = None):
    network = get_public_desk(slug)
    policy = PrivacyPolicy.objects.current(network)
    return render(request, "inquiries/privacy.html", {"network": network, "policy": policy})
