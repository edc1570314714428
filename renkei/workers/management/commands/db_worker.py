"""django_tasks_db's worker, with a heartbeat: work left by a worker that died is taken back.

Every third of RENKEI_CLAIM_LEASE the worker records that it is alive and puts back in the
queue the tasks of workers whose heartbeat lapsed (killed, out of memory, machine lost), so a
live worker runs them again. It does so once on start too.
"""

import logging
import os
import threading

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from renkei.workers.services import heartbeat_beat, heartbeat_stop, tasks_recover

logger = logging.getLogger(__name__)


class Heart(threading.Thread):
    def __init__(self, worker_id: str):
        super().__init__(name="renkei-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()
        self.interval = max(settings.RENKEI_CLAIM_LEASE / 3, 0.2)

    def beat(self) -> None:
        try:
            heartbeat_beat(worker_id=self.worker_id)
            recovered = tasks_recover()
        except DatabaseError:
            # A busy or restarting database: the next beat tries again, well within the lease.
            logger.warning("Heartbeat of worker %s not recorded", self.worker_id, exc_info=True)
            return
        if recovered:
            logger.warning("Put back %d task(s) of workers that stopped beating", recovered)

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                try:
                    self.beat()
                except Exception:
                    # Whatever went wrong, keep beating: a worker that stops beating has its task run again.
                    logger.exception("Heartbeat of worker %s failed", self.worker_id)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=self.interval + 5)


class Command(db_worker.Command):
    help = "Run a database background worker that records its heartbeat and takes back the work of dead workers."

    def handle(self, *args, worker_id: str, reload: bool, batch: bool, **options) -> None:
        # With autoreload, the parent process only watches files: the child is the worker.
        if reload and not batch and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            return super().handle(*args, worker_id=worker_id, reload=reload, batch=batch, **options)
        heart = Heart(worker_id)
        heart.beat()
        heart.start()
        try:
            return super().handle(*args, worker_id=worker_id, reload=reload, batch=batch, **options)
        finally:
            heart.stop()
            heartbeat_stop(worker_id=worker_id)
