"""What is waiting for a person, an organisation or a network's secretariat, as generations:
the personal home and the secretariat's dashboard are kept under them.

A person's own list (``person_work``) moves with their tickets, survey answers, notifications
and board visits; an organisation's (``organisation_work``) with the programmes relayed to it,
the introductions asked of it and its contacts; a network's (``network_work``) with its
applications, invoices, inquiries, reports and the marks on the programmes it relays. Whatever
writes one of these calls ``work_changed`` with whose list it touched, in bulk as one.
"""

from collections.abc import Iterable

from renkei.lib import generations


def person_work(user_id: int) -> str:
    return f"work:user:{user_id}"


def organisation_work(organisation_id: int) -> str:
    return f"work:organisation:{organisation_id}"


def network_work(network_id: int) -> str:
    return f"work:network:{network_id}"


def work_changed(
    *,
    users: Iterable[int | None] = (),
    organisations: Iterable[int | None] = (),
    networks: Iterable[int | None] = (),
) -> None:
    """Bump these lists (ids of None, an anonymous registrant or the platform's desk say, are skipped)."""
    generations.bump(
        *(person_work(pk) for pk in dict.fromkeys(users) if pk is not None),
        *(organisation_work(pk) for pk in dict.fromkeys(organisations) if pk is not None),
        *(network_work(pk) for pk in dict.fromkeys(networks) if pk is not None),
    )
