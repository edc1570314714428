"""Background work of the board (django-tasks): telling followers of a new post."""

from django_tasks import task

from renkei.board.notifications import post_fan_out


@task()
def fan_out_post(*, post_id: int) -> int:
    return post_fan_out(post_id=post_id)
