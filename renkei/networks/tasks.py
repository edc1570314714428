"""Background work of networks: member imports too large to run during a request."""

from django_tasks import task

from renkei.networks.models import ImportJob
from renkei.networks.services import import_job_process


@task()
def import_job_run(*, job_id: int) -> str:
    """Import a stored members file; progress and errors are kept on the ImportJob."""
    job = ImportJob.objects.select_related("network", "created_by").get(pk=job_id)
    return import_job_process(job=job).status
