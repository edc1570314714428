"""Keep what the board shows on other pages current: any change to a post or category forgets it."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from renkei.board import feeds
from renkei.board.models import Category, Post


@receiver([post_save, post_delete], sender=Post)
@receiver([post_save, post_delete], sender=Category)
def forget_public_posts(sender, instance, **kwargs) -> None:
    # Again after commit, so a page read during the transaction cannot put the old list back.
    feeds.forget_latest_public_posts(instance.network_id)
    transaction.on_commit(lambda: feeds.forget_latest_public_posts(instance.network_id))
