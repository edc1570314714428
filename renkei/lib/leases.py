"""Leases on claimed work: how long a worker may hold it without a sign of life (RENKEI_CLAIM_LEASE)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone


def claim_lease() -> timedelta:
    """How long a claim or a heartbeat lasts."""
    return timedelta(seconds=settings.RENKEI_CLAIM_LEASE)


def lapsed_before(now: datetime | None = None) -> datetime:
    """Claims and heartbeats last renewed before this moment have lapsed: their worker is gone."""
    return (now or timezone.now()) - claim_lease()
