"""The readers and the writer of bench/several_nodes.py's mix, each run in a process of its own.

several_nodes_work.py personas N   # N members' staff of different networks, signed in: JSON
several_nodes_work.py writer SLUGS # a post or a reply a second, a registration every two, until SIGTERM
"""

import json
import random
import signal
import sys
import time
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402


def personas(count: int) -> list[dict]:
    """Sessions for ``count`` members' staff spread over the networks that have a board, each with
    their network and a post of its board they may read; made in the session store the nodes read."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from renkei.board.models import Post
    from renkei.networks.models import Membership, Network
    from renkei.organisations.models import Staff

    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = next(p for p in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(p), "get_user"))
    rng = random.Random(7)
    staff = {}
    for network in Network.objects.order_by("pk"):
        members = Membership.objects.active().filter(network=network).values("organisation_id")
        found = list(Staff.objects.filter(organisation_id__in=members).select_related("user").order_by("pk")[:200])
        if found and Post.objects.filter(network=network).exists():
            staff[network] = found
    networks = list(staff)
    people = []
    for index in range(count):
        network = networks[index % len(networks)]
        person = rng.choice(staff[network]).user
        posts = Post.objects.filter(network=network, hidden=False).order_by("-created_at")
        session = store()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session.create()
        people.append(
            {
                "cookie": f"sessionid={session.session_key}",
                "network": network.slug,
                "post": rng.choice(list(posts.values_list("pk", flat=True)[:50])),
            }
        )
    return people


def writer(slugs: list[str]) -> dict:
    """Write as members do, through the services the views call, until SIGTERM: a post or a reply
    every second (alternately) on these networks' boards, and a registration every two seconds."""
    from django.utils import timezone

    from renkei.accounts.models import User
    from renkei.board.models import Category, Post
    from renkei.board.services import post_create, reply_create
    from renkei.events.models import Event
    from renkei.events.registration import Registrant, registration_create
    from renkei.networks.models import Membership, Network
    from renkei.organisations.models import Staff

    stopping: list[int] = []
    signal.signal(signal.SIGTERM, lambda *args: stopping.append(1))
    rng = random.Random(11)
    networks = list(Network.objects.filter(slug__in=slugs))
    authors, categories = {}, {}
    for network in networks:
        members = Membership.objects.active().filter(network=network).values("organisation_id")
        staff = Staff.objects.filter(organisation_id__in=members).select_related("user", "organisation")
        authors[network.pk] = list(staff[:100])
        categories[network.pk] = list(Category.objects.filter(network=network))
    event = (
        Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__gt=timezone.now(), capacity__isnull=False)
        .order_by("-capacity")
        .first()
    )
    registrants = list(User.objects.exclude(registrations__event=event).order_by("?")[:500]) if event else []
    done = {"posts": 0, "replies": 0, "registrations": 0}
    tick = 0
    while not stopping:
        started = time.monotonic()
        network = rng.choice(networks)
        staff = rng.choice(authors[network.pk])
        if tick % 2 == 0:
            post_create(
                network=network,
                author=staff.user,
                author_organisation=staff.organisation,
                category=rng.choice(categories[network.pk]),
                title=f"連携の提案 {tick}",
                body="棚田の保全と移住の促進について、ご一緒に取り組みませんか。",
                visibility=Post.Visibility.MEMBERS,
            )
            done["posts"] += 1
            if event is not None and registrants:
                person = registrants.pop()
                registrant = Registrant(name=person.name, email=person.email, user=person)
                registration_create(event=event, registrant=registrant, registered_by=person)
                done["registrations"] += 1
        else:
            post = rng.choice(list(Post.objects.filter(network=network, hidden=False).order_by("-created_at")[:20]))
            reply_create(post=post, author=staff.user, author_organisation=staff.organisation, body="ぜひご一緒に。")
            done["replies"] += 1
        tick += 1
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
    return done


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "personas":
        print(json.dumps(personas(int(sys.argv[2]))))
    else:
        print(json.dumps(writer(sys.argv[2].split(","))))
