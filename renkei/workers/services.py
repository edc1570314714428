"""Heartbeats of the task workers, and taking back the tasks of workers that died."""

import logging
import os
import socket

from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from renkei.lib.leases import claim_lease, lapsed_before
from renkei.workers.models import Heartbeat

logger = logging.getLogger(__name__)
# A task whose every worker died this many times is the cause: it is failed, not handed out again.
MAX_ATTEMPTS = 3


def heartbeat_beat(*, worker_id: str) -> None:
    """Record that ``worker_id`` (this process) is alive now."""
    now = timezone.now()
    updated = Heartbeat.objects.filter(worker_id=worker_id).update(beat_at=now)
    if not updated:
        Heartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={"beat_at": now, "hostname": socket.gethostname()[:255], "pid": os.getpid()},
        )


def heartbeat_stop(*, worker_id: str) -> None:
    """Forget a worker that stops of its own accord (its tasks are finished or were never started)."""
    Heartbeat.objects.filter(worker_id=worker_id).delete()


def tasks_recover(*, now=None) -> int:
    """Put back in the queue the tasks left running by workers whose heartbeat lapsed; returns how many.

    A task counts as its last worker's while that worker beats. One started less than a lease
    ago is left alone whatever its worker, so a worker that has not beaten yet keeps its task.
    The tasks Renkei runs are safe to run again: each skips whatever it had already done.
    """
    now = now or timezone.now()
    lapsed = lapsed_before(now)
    live = set(Heartbeat.objects.live(now).values_list("worker_id", flat=True))
    recovered = 0
    # Exclusive on SQLite, like a worker's claim: no worker takes a task while it is being put back.
    with exclusive_transaction(DBTaskResult.objects.db):
        running = DBTaskResult.objects.running().filter(started_at__lt=lapsed).only("id", "worker_ids", "started_at")
        for result in running:
            if result.worker_ids and result.worker_ids[-1] in live:
                continue
            if len(result.worker_ids) >= MAX_ATTEMPTS:
                # Every worker that took it died: the task itself kills them. Stop handing it out.
                logger.error("Task %s failed: %d workers died running it", result.pk, len(result.worker_ids))
                DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
                    status=TaskResultStatus.FAILED, finished_at=now
                )
                continue
            recovered += DBTaskResult.objects.filter(
                pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
            ).update(status=TaskResultStatus.READY)
    with transaction.atomic():
        # Long-dead workers' rows only show they once ran.
        Heartbeat.objects.filter(beat_at__lt=lapsed - 10 * claim_lease()).delete()
    return recovered
