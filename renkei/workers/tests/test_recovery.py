"""Heartbeats, and the tasks of a worker that died put back in the queue once its lease lapsed."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from renkei.notifications.tasks import send_digests
from renkei.workers.models import Heartbeat
from renkei.workers.services import heartbeat_beat, tasks_recover

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(minutes=10)  # twice the default lease (RENKEI_CLAIM_LEASE, 300 s)


@pytest.fixture(autouse=True)
def database_tasks():
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield


def running(worker_id: str, *, started=LONG_AGO) -> DBTaskResult:
    result = DBTaskResult.objects.get(id=send_digests.enqueue().id)
    result.claim(worker_id)
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=timezone.now() - started)
    return result


def test_a_dead_workers_task_is_put_back_and_a_live_ones_is_left_alone():
    heartbeat_beat(worker_id="alive")
    Heartbeat.objects.create(worker_id="dead", beat_at=timezone.now() - LONG_AGO)
    dead, alive = running("dead"), running("alive")
    unknown = running("never-beat")
    just_started = running("never-beat-either", started=timedelta(seconds=1))

    assert tasks_recover() == 2
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses[dead.pk] == statuses[unknown.pk] == "READY"
    assert statuses[alive.pk] == statuses[just_started.pk] == "RUNNING"
    assert tasks_recover() == 0


def test_a_heartbeat_is_renewed_not_repeated():
    heartbeat_beat(worker_id="w1")
    Heartbeat.objects.filter(worker_id="w1").update(beat_at=timezone.now() - LONG_AGO)
    assert not Heartbeat.objects.live().exists()
    heartbeat_beat(worker_id="w1")
    assert list(Heartbeat.objects.live().values_list("worker_id", flat=True)) == ["w1"]


# The worker closes its database connection between tasks, as it would outside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_takes_back_a_dead_workers_task_on_start_and_forgets_itself_on_exit():
    dead = running("dead")
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--worker-id", "w2", verbosity=0)
    dead.refresh_from_db()
    assert dead.status == "SUCCESSFUL" and dead.worker_ids == ["dead", "w2"]
    assert not Heartbeat.objects.exists()


def test_a_task_that_killed_every_worker_it_ran_on_is_failed_not_handed_out_again():
    killer = running("dead-1")
    DBTaskResult.objects.filter(pk=killer.pk).update(worker_ids=["dead-1", "dead-2", "dead-3"])
    once = running("dead-4")
    DBTaskResult.objects.filter(pk=once.pk).update(worker_ids=["dead-4"])

    assert tasks_recover() == 1
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert (statuses[killer.pk], statuses[once.pk]) == ("FAILED", "READY")
    assert DBTaskResult.objects.get(pk=killer.pk).finished_at is not None
