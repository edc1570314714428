"""Who may do what in matching: one helper per resource, each returns the object or raises."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from renkei.matching.models import Introduction, Need, Offer, Programme
from renkei.matching.selectors import RelayFacts, relay_facts
from renkei.networks.access import SecondFactorRequired, user_has_second_factor
from renkei.networks.models import Network
from renkei.organisations.models import Organisation, Staff

GOVERNMENT_KINDS = (Organisation.Kind.MUNICIPALITY, Organisation.Kind.PREFECTURE)
OFFERING_KINDS = (
    Organisation.Kind.COMPANY,
    Organisation.Kind.ASSOCIATION,
    Organisation.Kind.MUNICIPALITY,
    Organisation.Kind.PREFECTURE,
)


def user_organisations(user, kinds=None):
    if not user.is_authenticated:
        return Organisation.objects.none()
    organisations = Organisation.objects.filter(staff__user=user).order_by("staff__id")
    return organisations.filter(kind__in=kinds) if kinds else organisations


def acting_organisation(user, kinds=None) -> Organisation | None:
    """The organisation the user acts for here: the first they joined (of ``kinds``, when given)."""
    return user_organisations(user, kinds).select_related("local_government", "prefecture").first()


def require_organisation(user, kinds) -> Organisation:
    organisation = acting_organisation(user, kinds)
    if organisation is None:
        raise PermissionDenied
    return organisation


def programme_publishers(user):
    """Organisations the user may publish programmes for: national agencies and network secretariats."""
    return user_organisations(user).filter(
        pk__in=Organisation.objects.filter(kind=Organisation.Kind.NATIONAL_AGENCY).values("pk")
    ) | user_organisations(user).filter(networks_run__isnull=False)


def get_visible_need(request, pk: int) -> Need:
    """A need the user may see; 404 otherwise, so members' needs stay unknown to others."""
    return get_object_or_404(Need.objects.visible_to(request.user).select_related("organisation"), pk=pk)


def _is_staff(user, organisation_id) -> bool:
    return user.is_authenticated and Staff.objects.filter(user=user, organisation_id=organisation_id).exists()


def get_editable_need(request, pk: int) -> Need:
    need = get_visible_need(request, pk)
    if not _is_staff(request.user, need.organisation_id):
        raise PermissionDenied
    return need


def get_visible_offer(request, pk: int) -> Offer:
    return get_object_or_404(Offer.objects.visible_to(request.user).select_related("organisation"), pk=pk)


def get_editable_offer(request, pk: int) -> Offer:
    offer = get_visible_offer(request, pk)
    if not _is_staff(request.user, offer.organisation_id):
        raise PermissionDenied
    return offer


def get_visible_programme(request, pk: int) -> Programme:
    programmes = Programme.objects.visible_to(request.user).select_related("organisation", "network")
    return get_object_or_404(programmes, pk=pk)


def get_programme_for_manager(request, pk: int) -> Programme:
    """A programme whose relay the user follows: staff of its publisher (an agency), or of the
    secretariat of the network it is relayed to, who must have signed in with a second factor.

    Anyone else gets a 404, as if the programme were not there: both kinds of manager may read it
    anyway, so its visibility need not be asked separately (one query instead of its subqueries).
    """
    if not request.user.is_authenticated:
        raise Http404
    programme = get_object_or_404(Programme.objects.select_related("organisation", "network"), pk=pk)
    _require_manager(request, programme.organisation_id, programme.organisation.kind, programme.network.secretariat_id)
    return programme


def get_relay_for_manager(request, pk: int) -> RelayFacts:
    """``get_programme_for_manager`` for the status page: the same rule, read from the cached facts
    and the network's cache (so a new secretariat takes over at once)."""
    if not request.user.is_authenticated:
        raise Http404
    facts = relay_facts(pk)
    network = Network.objects.get_cached(facts.network_slug) if facts is not None else None
    if facts is None or network is None:
        raise Http404
    _require_manager(request, facts.organisation_id, facts.organisation_kind, network.secretariat_id)
    return facts


def _require_manager(request, organisation_id: int, organisation_kind: str, secretariat_id: int) -> None:
    # Staff of the publisher, or of the network's secretariat; a secretariat with a second factor.
    roles = set(
        Staff.objects.filter(user=request.user, organisation_id__in=[organisation_id, secretariat_id]).values_list(
            "organisation_id", flat=True
        )
    )
    secretariat = secretariat_id in roles
    if not (secretariat or organisation_id in roles):
        raise Http404
    if (secretariat or organisation_kind == Organisation.Kind.SECRETARIAT) and not user_has_second_factor(request):
        raise SecondFactorRequired


def get_introduction_for_party(request, pk: int) -> tuple[Introduction, Organisation]:
    """An introduction asked by or of the user's organisation, and that organisation; 404 for others."""
    introduction = get_object_or_404(
        Introduction.objects.involving(request.user).select_related(
            "requester", "recipient", "need", "offer", "partner_need"
        ),
        pk=pk,
    )
    own = set(Staff.objects.filter(user=request.user).values_list("organisation_id", flat=True))
    organisation = introduction.requester if introduction.requester_id in own else introduction.recipient
    return introduction, organisation
