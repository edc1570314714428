import datetime

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from renkei.testing import UserFactory, login_with_second_factor

pytestmark = pytest.mark.django_db

QUEUE = "/admin/queue/"


def _task(status, minutes_ago):
    result = DBTaskResult.objects.create(
        task_path="renkei.notifications.tasks.fan_out_post",
        status=status,
        args_kwargs={"args": [1], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        priority=0,
        run_after=None,
    )
    enqueued_at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=enqueued_at)


def test_site_admins_see_the_queue_depth_and_the_oldest_waiting_task(client):
    _task(TaskResultStatus.READY, 90)
    _task(TaskResultStatus.READY, 5)
    _task(TaskResultStatus.RUNNING, 1)
    _task(TaskResultStatus.SUCCESSFUL, 200)
    login_with_second_factor(client, UserFactory(is_staff=True, is_superuser=True))
    page = client.get(QUEUE).content.decode()
    assert '<td id="queue-waiting">2</td>' in page
    assert '<td id="queue-running">1</td>' in page
    assert "1時間" in page  # the oldest has waited an hour and a half
    assert "renkei.notifications.tasks.fan_out_post" in page
    assert QUEUE in client.get("/admin/").content.decode()  # linked from the admin's home


def test_people_who_are_not_site_admins_are_sent_to_the_admin_sign_in(client):
    client.force_login(UserFactory())
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
