"""Networks in the API: /api/v1/networks and /api/v1/networks/{slug}.

Members' contacts appear only for a signed-in member or the secretariat of that network
(session or personal token), and only those Contact.objects.visible_to lets through.
"""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from renkei.accounts.api_auth import request_user
from renkei.networks import selectors
from renkei.networks.models import Network

router = Router(tags=["networks"])


class NetworkSummary(Schema):
    slug: str
    name: str
    name_en: str
    short_name: str
    kind: Network.Kind
    member_count: int


class OfficerOut(Schema):
    role: str
    person_name: str
    title: str
    organisation: str | None
    local_government: str | None


class ContactOut(Schema):
    person_name: str
    department: str
    title: str
    email: str
    phone: str
    is_primary: bool


class MemberOut(Schema):
    organisation: str
    organisation_en: str
    local_government: str | None
    prefecture_code: str | None
    tier: str
    joined_on: datetime.date | None
    contacts: list[ContactOut] | None = None


class NetworkDetail(NetworkSummary):
    description: str
    established_on: datetime.date | None
    secretariat: str
    accepts_applications: bool
    officers: list[OfficerOut]
    members: list[MemberOut]
    contacts_visible: bool


@router.get("", response=list[NetworkSummary], summary="List networks")
def list_networks(request):
    return [_summary(n, n.member_count) for n in selectors.networks_with_member_counts().order_by("id")]


@router.get("/{slug}", response=NetworkDetail, summary="One network with its officers and members")
def get_network(request, slug: str):
    """Members' `contacts` are null unless the requester is signed in (session or `Authorization: Bearer`)
    as staff of a member organisation or of the secretariat of this network."""
    network = get_object_or_404(Network.objects.select_related("secretariat"), slug=slug)
    contacts = selectors.member_contacts(network, request_user(request))
    officers = network.officers.current().select_related("organisation")
    members = []
    for membership in selectors.active_members(network):
        organisation = membership.organisation
        members.append(
            {
                "organisation": organisation.name,
                "organisation_en": organisation.name_en or "",
                "local_government": organisation.local_government_id,
                "prefecture_code": organisation.prefecture_id[:2] if organisation.prefecture_id else None,
                "tier": membership.tier.name,
                "joined_on": membership.joined_on,
                "contacts": None if contacts is None else contacts.get(organisation.pk, []),
            }
        )
    return {
        **_summary(network, len(members)),
        "description": network.description,
        "established_on": network.established_on,
        "secretariat": network.secretariat.name,
        "accepts_applications": network.accepts_applications,
        "officers": [
            {
                "role": officer.role,
                "person_name": officer.person_name,
                "title": officer.title,
                "organisation": officer.organisation.name if officer.organisation else None,
                "local_government": officer.organisation.local_government_id if officer.organisation else None,
            }
            for officer in officers
        ],
        "members": members,
        "contacts_visible": contacts is not None,
    }


def _summary(network: Network, member_count: int) -> dict:
    return {
        "slug": network.slug,
        "name": network.name,
        "name_en": network.name_en or "",
        "short_name": network.short_name,
        "kind": network.kind,
        "member_count": member_count,
    }
