"""Keep what is cached of search current.

Any entry written or deleted changes the index's version. Any change to what decides who may
find members' entries (memberships, staff, networks, and the apps of kinds registered with
``visible_to``) forgets the visibility scopes kept per user.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from renkei.search import registry
from renkei.search.models import SearchEntry
from renkei.search.selectors import search_changed, visibility_changed

# (app label, model name) of what ``Network.objects.open_to`` reads.
VISIBILITY_MODELS = {("networks", "membership"), ("networks", "network"), ("organisations", "staff")}


@receiver([post_save, post_delete], sender=SearchEntry)
def forget_search_version(sender, instance, **kwargs) -> None:
    search_changed()
    # Again after commit, so a search run during the transaction cannot keep the old version.
    transaction.on_commit(search_changed)


def _visibility_apps() -> set[str]:
    # A kind's own app decides who sees its objects beyond their network (a programme's targets).
    return {kind.name.partition(".")[0] for kind in registry.types().values() if getattr(kind, "visible_to", None)}


@receiver([post_save, post_delete])
def forget_visibility(sender, **kwargs) -> None:
    meta = sender._meta
    if (meta.app_label, meta.model_name) in VISIBILITY_MODELS or meta.app_label in _visibility_apps():
        visibility_changed()
        transaction.on_commit(visibility_changed)
