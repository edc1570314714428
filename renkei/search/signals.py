"""Keep what is cached of search current.

Any entry written or deleted bumps the generation of those who may find it (selectors.py); any
change in the apps of kinds registered with ``visible_to`` (a programme's targets) bumps
search's visibility. Memberships,
staff and networks bump ``ACCESS`` (networks/signals.py), which what search keeps reads too.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from renkei.search import registry
from renkei.search.models import SearchEntry
from renkei.search.selectors import entry_changed, visibility_changed


@receiver([post_save, post_delete], sender=SearchEntry)
def forget_search_version(sender, instance, **kwargs) -> None:
    entry_changed(instance)


def _visibility_apps() -> set[str]:
    # A kind's own app decides who sees its objects beyond their network (a programme's targets).
    return {kind.name.partition(".")[0] for kind in registry.types().values() if getattr(kind, "visible_to", None)}


@receiver([post_save, post_delete])
def forget_visibility(sender, **kwargs) -> None:
    meta = sender._meta
    if meta.app_label in _visibility_apps():
        visibility_changed()
