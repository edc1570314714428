"""What a person may do in the partnerships directory, from their audience: its pages and views ask the same.

Editing one partnership, activity or profile depends on its parties: see ``access.py``.
"""

from renkei.lib.audience import Audience
from renkei.networks.models import Membership


def may_record(audience: Audience, obj=None) -> bool:
    """Record a partnership or an activity: a signed-in person who works for some organisation."""
    return audience.site_admin or bool(audience.organisations)


def may_import(audience: Audience, obj=None) -> bool:
    """Import a file of partnerships: as recording, row by row for the parties one may edit."""
    return may_record(audience)


def may_read_profiles(audience: Audience, obj=None) -> bool:
    """Partner-seeking profiles are for signed-in users of Renkei (as CLAIR shares them)."""
    return audience.is_authenticated


def may_edit_profile(audience: Audience, government) -> bool:
    """Write a local government's partner-search profile: its staff, or the secretariat of a network
    it is an active member of (who is then asked for the second factor)."""
    if audience.site_admin:
        return True
    organisation_id = getattr(getattr(government, "organisation", None), "pk", None)
    if organisation_id is None or audience.is_anonymous:
        return False
    if organisation_id in audience.organisations:
        return True
    return Membership.objects.filter(
        organisation_id=organisation_id, network__in=audience.secretariat_of, status=Membership.Status.ACTIVE
    ).exists()
