"""Helpers for the public network tests: many members at once."""

import datetime

from renkei.networks.models import Membership, Network, Tier
from renkei.organisations.models import Organisation
from renkei.registry.models import LocalGovernment


def add_members(network: Network, tier: Tier, count: int, *, status=Membership.Status.ACTIVE) -> list[Membership]:
    """Make ``count`` more municipalities members of ``network`` (in code order, skipping existing members)."""
    taken = Organisation.objects.filter(local_government__isnull=False).values("local_government")
    governments = list(LocalGovernment.objects.municipalities().exclude(code__in=taken).order_by("code")[:count])
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                kind=Organisation.Kind.MUNICIPALITY,
                name=lg.name,
                name_ja=lg.name,
                name_en=lg.name_en,
                name_kana=lg.name_kana,
                local_government=lg,
                prefecture_id=lg.prefecture_id,
            )
            for lg in governments
        ]
    )
    memberships = Membership.objects.bulk_create(
        [
            Membership(network=network, organisation=org, tier=tier, status=status, joined_on=datetime.date(2024, 4, 1))
            for org in organisations
        ]
    )
    # bulk_create sends no signals: mark the network changed as every write in the app does.
    Network.objects.filter(pk=network.pk).touch()
    return memberships
