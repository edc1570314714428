"""Keep what is cached of the board current: any change to a post, category or theme forgets it."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from renkei.board.models import Category, Post
from renkei.board.selectors import board_changed
from renkei.networks.models import Theme


@receiver([post_save, post_delete], sender=Post)
@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Theme)
def forget_board_version(sender, instance, **kwargs) -> None:
    # Again after commit, so a page read during the transaction cannot keep the old version.
    board_changed(instance.network_id)
    transaction.on_commit(lambda: board_changed(instance.network_id))
