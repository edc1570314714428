"""The task workers' queue as site admins see it: how much waits, since when, and what runs."""

from django.contrib import admin
from django.db.models import Count, Min
from django.shortcuts import render
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def queue_state() -> dict:
    """Tasks waiting and running, the oldest waiting one's age, and counts per task name."""
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    oldest = waiting.aggregate(oldest=Min("enqueued_at"))["oldest"]
    return {
        "waiting": waiting.count(),
        "running": running.count(),
        "oldest_enqueued_at": oldest,
        "oldest_wait": timezone.now() - oldest if oldest else None,
        "by_task": waiting.values("task_path").annotate(count=Count("id")).order_by("-count", "task_path")[:20],
    }


@admin.site.admin_view
def queue(request):
    return render(
        request,
        "web/queue.html",
        {**admin.site.each_context(request), "title": "", "queue": queue_state()},
    )
