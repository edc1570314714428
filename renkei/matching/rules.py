"""What a person may publish in matching, from their audience: its pages and its views ask the same."""

from renkei.lib.audience import Audience
from renkei.organisations.models import Organisation

GOVERNMENT_KINDS = (Organisation.Kind.MUNICIPALITY, Organisation.Kind.PREFECTURE)
OFFERING_KINDS = (
    Organisation.Kind.COMPANY,
    Organisation.Kind.ASSOCIATION,
    Organisation.Kind.MUNICIPALITY,
    Organisation.Kind.PREFECTURE,
)


def _works_for(audience: Audience, kinds) -> bool:
    return bool(audience.organisation_kinds & set(kinds))


def may_publish_need(audience: Audience, obj=None) -> bool:
    """Needs are a local government's: staff of a municipality or a prefecture."""
    return bool(audience.organisations) and _works_for(audience, GOVERNMENT_KINDS)


def may_publish_offer(audience: Audience, obj=None) -> bool:
    """Offers come from companies, associations and local governments."""
    return bool(audience.organisations) and _works_for(audience, OFFERING_KINDS)


def may_publish_programme(audience: Audience, obj=None) -> bool:
    """Programmes come from national agencies and networks' secretariats."""
    if audience.secretariat_of:
        return True
    return bool(audience.organisations) and _works_for(audience, [Organisation.Kind.NATIONAL_AGENCY])
