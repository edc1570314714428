"""Background work of the news (django-tasks): scheduled articles into search, newsletter sending."""

from django_tasks import task

from renkei.news import sending, services


@task()
def article_reindex_task(*, article_id: int) -> bool:
    return services.article_reindex_by_id(article_id=article_id)


@task()
def issue_prepare_task(*, issue_id: int) -> int:
    return sending.issue_prepare(issue_id=issue_id)


@task()
def issue_deliver_task(*, issue_id: int) -> int:
    return sending.issue_deliver(issue_id=issue_id)


@task()
def issues_resume_task() -> int:
    return sending.issues_resume()
