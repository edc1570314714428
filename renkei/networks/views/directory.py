"""The members' directory of a network: who the members are and whom to contact there.

Open to the network's active members and its secretariat; the list of members whose contacts
are not yet confirmed this fiscal year is the secretariat's, behind two-factor sign-in.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from renkei.lib.caching import kept_page
from renkei.lib.dates import fiscal_year, fiscal_year_label
from renkei.networks import rules
from renkei.networks.access import get_network_for_secretariat
from renkei.networks.models import Network, Tier, network_scope
from renkei.organisations import selectors
from renkei.organisations.services import contacts_request_confirmation
from renkei.registry.models import LocalGovernment

PAGE_SIZE = 50


def _get_network_for_directory(request, slug: str) -> tuple[Network, bool]:
    """The network, and whether the viewer is on its secretariat; refused to everyone else.

    Members-only: the directory shows contacts, which only fellow members and the secretariat may see.
    """
    network = Network.objects.get_cached(slug)
    if network is None:
        raise Http404
    if not rules.may_read_directory(request.audience, network):
        raise PermissionDenied
    return network, request.audience.runs(network.pk)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name (kanji, kana or romaji)"), required=False, max_length=100)
    prefecture = forms.ModelChoiceField(
        label=gettext_lazy("Prefecture"),
        required=False,
        queryset=LocalGovernment.objects.prefectures(),
        to_field_name="code",
        empty_label=gettext_lazy("All prefectures"),
    )
    tier = forms.ModelChoiceField(
        label=gettext_lazy("Tier"),
        required=False,
        queryset=Tier.objects.none(),
        empty_label=gettext_lazy("All tiers"),
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = network.tiers.all()


class DirectoryListing:
    """One page of a network's directory for a request's filters, computed only when needed.

    The page is kept under the network's generation (``network_scope``, which every
    change to members, their names and contacts moves on). Sharing it between viewers is safe
    because everyone allowed in sees the same contacts: fellow active members and the
    secretariat may both see every contact of every active member.
    """

    def __init__(self, network: Network, user, params):
        self.network, self.user, self.params = network, user, params

    @cached_property
    def form(self) -> DirectoryFilterForm:
        form = DirectoryFilterForm(self.params or None, network=self.network)
        form.is_valid()
        return form

    @cached_property
    def page(self):
        filters = self.form.cleaned_data if self.form.is_bound and self.form.is_valid() else {}
        memberships = selectors.member_directory(
            network=self.network,
            user=self.user,
            prefecture=filters.get("prefecture"),
            tier=filters.get("tier"),
            q=filters.get("q") or "",
        )
        return Paginator(memberships, PAGE_SIZE).get_page(self.params.get("page"))

    @cached_property
    def query(self) -> str:
        query = self.params.copy()
        query.pop("page", None)
        return query.urlencode()


@login_required
def directory(request, slug: str):
    network, secretariat = _get_network_for_directory(request, slug)
    # The whole page is kept: every member and the secretariat see the same contacts, and the
    # secretariat's one extra link is part of the state.
    return kept_page(
        request,
        "networks/directory.html",
        lambda: {
            "network": network,
            "listing": DirectoryListing(network, request.user, request.GET),
            "cache_key": f"{request.audience.key}:{request.GET.urlencode()}",
            "is_secretariat": secretariat,
        },
        scopes=(network_scope(network.pk),),
        extra=(secretariat,),
    )


@login_required
def directory_unconfirmed(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    page = Paginator(selectors.unconfirmed_directory(network=network), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "networks/directory_unconfirmed.html",
        {"network": network, "page": page, "query": "", "year_label": fiscal_year_label(fiscal_year())},
    )


@login_required
@require_POST
def directory_request_confirmation(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    sent = contacts_request_confirmation(
        organisations=network.memberships.active().values("organisation_id"), language=translation.get_language()
    )
    if sent:
        messages.success(
            request,
            ngettext(
                "A confirmation request was sent to %(count)d person.",
                "Confirmation requests were sent to %(count)d people.",
                sent,
            )
            % {"count": sent},
        )
    else:
        messages.info(request, _("Nobody needed a request: everyone was asked today already or is up to date."))
    return redirect("networks:directory_unconfirmed", slug=network.slug)


urlpatterns = [
    path("<slug:slug>/directory/", directory, name="directory"),
    path("<slug:slug>/directory/unconfirmed/", directory_unconfirmed, name="directory_unconfirmed"),
    path(
        "<slug:slug>/directory/unconfirmed/request/",
        directory_request_confirmation,
        name="directory_request_confirmation",
    ),
]
