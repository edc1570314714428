"""Demo board posts for `make run`, from the uses the 23 wards' project lists (活用事例, seed 003).

Every network's board gets proposals, calls to join events, notices, pamphlet requests with
copies promised, and PR of newsletters and videos, with replies and 関心あり, written through the
board's own services (data/demo_posts.json). Staff who write for an organisation without a demo
person get one, named デモ and at the demo domain. Running it again changes nothing.
"""

import datetime
import json
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from renkei.board.models import Category, Post, Reply
from renkei.board.services import (
    categories_create_defaults,
    interest_toggle,
    message_send,
    pamphlet_answer_save,
    post_create,
    reply_create,
)
from renkei.lib.demo import demo_user
from renkei.networks.models import Network
from renkei.networks.services import themes_create_defaults
from renkei.notifications.models import Notification
from renkei.organisations.models import Organisation, Staff
from renkei.organisations.services import organisation_for_government
from renkei.registry.models import LocalGovernment

DATA = Path(__file__).parent / "data" / "demo_posts.json"


def demo_organisation(reference: str, network: Network) -> Organisation:
    """ "secretariat", "松原市/大阪府", "宮城県/-" (a prefecture) or an organisation's Japanese name."""
    if reference == "secretariat":
        return network.secretariat
    if "/" in reference:
        name, prefecture = reference.split("/")
        if prefecture == "-":
            government = LocalGovernment.objects.get(name=name, kind=LocalGovernment.Kind.PREFECTURE)
        else:
            government = LocalGovernment.objects.get(name=name, prefecture__name=prefecture)
        return organisation_for_government(government)
    return Organisation.objects.get(name_ja=reference)


def demo_staff(organisation: Organisation):
    """The organisation's first staff member, or a demo person added to it."""
    staff = Staff.objects.filter(organisation=organisation).select_related("user").order_by("id").first()
    if staff is not None:
        return staff.user
    government = organisation.local_government
    local = f"lg{government.code}" if government else f"org{organisation.pk}"
    name = government.name if government else organisation.name_ja
    user = demo_user(local, f"デモ {name}")
    Staff.objects.get_or_create(user=user, organisation=organisation, defaults={"role": Staff.Role.STAFF})
    return user


def _ago(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _in(days: int | None) -> datetime.date | None:
    return None if days is None else timezone.localdate() + datetime.timedelta(days=days)


@transaction.atomic
def board_seed(networks: dict[str, Network]) -> int:
    """Write the demo posts of ``networks`` (by role: "alliance", "project", "clair", "mofa"); how many were new."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    started = timezone.now()
    created = 0
    for role, rows in data.items():
        network = networks.get(role)
        if network is None or role.startswith("_"):
            continue
        categories_create_defaults(network)
        themes_create_defaults(network)
        for row in rows:
            if not Post.objects.filter(network=network, title=row["title"]).exists():
                _post(network, row)
                created += 1
    # The replies and interest tell the authors, as they should; but the demo's story happened
    # before anyone signed in, so none of it is emailed (the email and digest tasks skip these).
    Notification.objects.filter(created_at__gte=started, emailed_at=None).update(
        emailed_at=F("created_at"), digested_at=F("created_at")
    )
    return created


def _post(network: Network, row: dict) -> Post:
    category = Category.objects.get(network=network, kind=row["kind"])
    themes = list(network.themes.filter(name_en__in=row.get("themes", [])))
    prefectures = []
    if row.get("target_region"):
        prefectures = list(LocalGovernment.objects.prefectures().filter(region=row["target_region"]))
    organisation = demo_organisation(row["author"], network)
    author = demo_staff(organisation)
    start, end = row.get("distribution", (None, None))
    post = post_create(
        network=network,
        author=author,
        author_organisation=organisation,
        category=category,
        title=row["title"],
        body=row["body"],
        visibility=row["visibility"],
        deadline=_in(row.get("deadline_in")),
        copies_requested=row.get("copies_requested"),
        distribution_start=_in(start),
        distribution_end=_in(end),
        themes=themes,
        target_prefectures=prefectures,
    )
    posted_at = _ago(row["days_ago"])
    for reference in row.get("interests", []):
        member = demo_organisation(reference, network)
        interest_toggle(post=post, organisation=member, user=demo_staff(member))
    for reference, copies, places in row.get("answers", []):
        member = demo_organisation(reference, network)
        pamphlet_answer_save(post=post, organisation=member, author=demo_staff(member), copies=copies, places=places)
    for interested, reference, body in row.get("messages", []):
        interest = post.interests.get(organisation=demo_organisation(interested, network))
        writer = demo_organisation(reference, network)
        message_send(interest=interest, sender=demo_staff(writer), sender_organisation=writer, body=body)
    last = posted_at
    for reference, body, days_ago in row.get("replies", []):
        writer = demo_organisation(reference, network)
        reply = reply_create(post=post, author=demo_staff(writer), author_organisation=writer, body=body)
        last = _ago(days_ago, 15)
        Reply.objects.filter(pk=reply.pk).update(created_at=last)
    # Dated as the demo story has it, so the board reads as weeks of use rather than one minute.
    Post.objects.filter(pk=post.pk).update(
        created_at=posted_at, updated_at=posted_at, last_activity_at=last, pinned=row.get("pinned", False)
    )
    post.interests.update(created_at=posted_at + datetime.timedelta(hours=3))
    post.pamphlet_answers.update(created_at=posted_at + datetime.timedelta(days=1))
    return post
