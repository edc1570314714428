"""Who hears of a new post: the followers of its network, category, themes and prefectures who may read it.

The board picks the recipients and says what to tell them; the notifications app delivers
(``notifications.services.deliver``: in-app rows, immediate emails, the daily digest).
"""

from django.db.models import Q
from django.urls import reverse

from renkei.board.models import Post
from renkei.networks.readers import readers_of
from renkei.notifications.models import Follow, Kind
from renkei.notifications.services import deliver


def post_followers(post: Post):
    """Follow rows that reach ``post``: its network, its category, any of its themes or target prefectures."""
    return Follow.objects.filter(
        Q(network_id=post.network_id)
        | Q(category_id=post.category_id)
        | Q(theme__in=post.themes.values("pk"))
        | Q(prefecture__in=post.target_prefectures.values("pk"))
    )


def post_recipients(post: Post):
    """The people a new ``post`` is announced to: followers who may read it (``readers_of``), its author left out."""
    recipients = readers_of(post, post.network).filter(pk__in=post_followers(post).values("user_id"))
    if post.author_id:
        recipients = recipients.exclude(pk=post.author_id)
    return recipients


def post_fan_out(*, post_id: int) -> int:
    """Tell the followers of a new post's network, category, themes and prefectures who may read it.

    Runs in the background (tasks.fan_out_post), once the post is committed. Returns how many
    notifications were created (none when the post was deleted meanwhile).
    """
    post = Post.objects.select_related("network", "author_organisation").filter(pk=post_id).first()
    if post is None:
        return 0
    return deliver(
        recipients=post_recipients(post),
        kind=Kind.FOLLOWED_POST,
        title=post.title,
        url=reverse("board:post_detail", kwargs={"slug": post.network.slug, "pk": post.pk}),
        actor_organisation=post.author_organisation,
        network=post.network,
    )
