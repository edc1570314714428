"""Capacity holds under real concurrency: threads, each with its own database connection, registering at once.

Runs on SQLite and PostgreSQL alike (DATABASE_URL=postgres://… pytest). SQLite's test database
lives in memory, where connections share one cache with table locks and no busy timeout — not
how Renkei runs. For this test it is copied into a file in WAL mode with the project's own
connection options (busy_timeout, BEGIN IMMEDIATE), as in production.
"""

import contextlib
import sqlite3
import tempfile
import threading

import pytest
from django.core import mail
from django.db import connection

from renkei.events.models import Event, Registration
from renkei.events.registration import Registrant, registration_cancel, registration_create
from renkei.events.tests.registration_helpers import upcoming_event
from renkei.testing import build_world

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 200
SEATS = 50
# Connections open at once: PostgreSQL allows 100 by default; each thread registers several people.
THREADS = 40


@contextlib.contextmanager
def shared_database():
    """Point every connection opened from now on (one per thread) at a database they can all write to."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    with tempfile.TemporaryDirectory() as directory:
        path = f"{directory}/concurrency.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        # WAL before any thread connects, as ``migrate`` leaves Renkei's file: threads that each switched
        # a fresh file's journal mode at the same moment could deadlock and fail with "database is locked".
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        settings = connection.settings_dict  # the dict every thread's connection is made from
        in_memory, original_name = connection.connection, settings["NAME"]
        settings["NAME"] = path
        connection.connection = None  # this thread too reads the file from now on
        try:
            yield
        finally:
            connection.close()
            settings["NAME"] = original_name
            connection.connection = in_memory


def run_at_once(jobs: list, threads: int = THREADS) -> list:
    """Run ``jobs`` (callables) on ``threads`` threads released together; return what each raised, if anything."""
    barrier = threading.Barrier(threads)
    errors: list = []
    shares = [jobs[i::threads] for i in range(threads)]

    def worker(share):
        try:
            barrier.wait()
            for job in share:
                try:
                    job()
                except Exception as error:  # noqa: BLE001 - collected and reported by the test
                    errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    pool = [threading.Thread(target=worker, args=(share,)) for share in shares]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in pool), "a registration never finished"
    return errors


def _register(event_id: int, n: int):
    def job():
        event = Event.objects.select_related("network").get(pk=event_id)
        registration_create(event=event, registrant=Registrant(name=f"参加者{n}", email=f"person{n}@example.jp"))

    return job


def _cancel(registration_id: int):
    def job():
        registration_cancel(registration=Registration.objects.select_related("event").get(pk=registration_id))

    return job


def test_200_people_at_once_for_50_seats_end_with_50_confirmed_and_150_waitlisted():
    world = build_world()
    event = upcoming_event(world, capacity=SEATS)

    with shared_database():
        errors = run_at_once([_register(event.pk, n) for n in range(PEOPLE)])
        assert errors == []

        statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
        assert statuses.count("confirmed") == SEATS
        assert statuses.count("waitlisted") == PEOPLE - SEATS
        event.refresh_from_db()
        assert (event.confirmed_count, event.waitlisted_count) == (SEATS, PEOPLE - SEATS)
        assert len(mail.outbox) == PEOPLE

        # Ten confirmed people cancel at the same moment: exactly ten move up, the first ten waiting.
        waiting = list(Registration.objects.filter(event=event, status="waitlisted").order_by("created_at", "id")[:11])
        leaving = list(Registration.objects.filter(event=event, status="confirmed").values_list("pk", flat=True)[:10])
        errors = run_at_once([_cancel(pk) for pk in leaving], threads=10)
        assert errors == []

        event.refresh_from_db()
        assert (event.confirmed_count, event.waitlisted_count) == (SEATS, PEOPLE - SEATS - 10)
        assert Registration.objects.filter(event=event, status="confirmed").count() == SEATS
        assert Registration.objects.filter(event=event, status="cancelled").count() == 10
        promoted = set(
            Registration.objects.filter(pk__in=[r.pk for r in waiting], status="confirmed").values_list("pk", flat=True)
        )
        assert promoted == {r.pk for r in waiting[:10]}


def test_one_cancellation_promotes_exactly_one_person_even_when_sent_twice_at_once():
    world = build_world()
    event = upcoming_event(world, capacity=1)

    with shared_database():
        errors = run_at_once([_register(event.pk, n) for n in range(5)], threads=5)
        assert errors == []
        first = Registration.objects.get(event=event, status="confirmed")
        # The same cancellation twice at once (a double click): one seat is freed, one person promoted.
        errors = run_at_once([_cancel(first.pk), _cancel(first.pk)], threads=2)
        assert errors == []
        statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
        assert (statuses.count("confirmed"), statuses.count("waitlisted"), statuses.count("cancelled")) == (1, 3, 1)
        event.refresh_from_db()
        assert (event.confirmed_count, event.waitlisted_count) == (1, 3)
