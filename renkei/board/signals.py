"""Keep what is cached of the board current: a change to a post, what hangs on it, a category or a theme forgets it."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from renkei.board.models import Attachment, Category, Interest, Message, PamphletAnswer, Post, PostRevision, Reply
from renkei.board.selectors import board_changed, taxonomy_scope
from renkei.lib import generations
from renkei.networks.models import Theme


def _forget(network_id: int | None, post_id: int | None = None) -> None:
    if network_id is None:
        return
    board_changed(network_id, post_id)


def _network_of(post_id: int, post: Post | None) -> int | None:
    if post is not None:
        return post.network_id
    return Post.objects.filter(pk=post_id).values_list("network_id", flat=True).first()


@receiver([post_save, post_delete], sender=Post)
def forget_post(sender, instance, **kwargs) -> None:
    _forget(instance.network_id, instance.pk)


@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Theme)
def forget_board_version(sender, instance, **kwargs) -> None:
    _forget(instance.network_id)


@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Theme)
def forget_taxonomy(sender, instance, **kwargs) -> None:
    generations.bump(taxonomy_scope(instance.network_id))


@receiver([post_save, post_delete], sender=Reply)
@receiver([post_save, post_delete], sender=Attachment)
@receiver([post_save, post_delete], sender=Interest)
@receiver([post_save, post_delete], sender=PamphletAnswer)
@receiver([post_save, post_delete], sender=PostRevision)
def forget_post_parts(sender, instance, **kwargs) -> None:
    # The post's page keeps its replies, files, interests and answers under the board's version;
    # the list shows reply counts, which reply_create changes with an update that sends no signal.
    _forget(_network_of(instance.post_id, instance._state.fields_cache.get("post")), instance.post_id)


@receiver([post_save, post_delete], sender=Message)
def forget_message(sender, instance, **kwargs) -> None:
    interest = instance._state.fields_cache.get("interest")
    post_id = interest.post_id if interest is not None else None
    if post_id is None:
        post_id = Interest.objects.filter(pk=instance.interest_id).values_list("post_id", flat=True).first()
    if post_id is not None:
        post = interest._state.fields_cache.get("post") if interest is not None else None
        _forget(_network_of(post_id, post), post_id)


@receiver(m2m_changed, sender=Post.themes.through)
@receiver(m2m_changed, sender=Post.target_prefectures.through)
def forget_post_links(sender, instance, action, reverse, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Post):
        _forget(instance.network_id, instance.pk)
    elif isinstance(instance, Theme):
        # The theme's posts changed: each one's page (the theme's generation covers a clear).
        _forget(instance.network_id)
        generations.bump(taxonomy_scope(instance.network_id))
