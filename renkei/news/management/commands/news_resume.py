"""Send what is still waiting of every newsletter issue being sent (after a crash or a restart)."""

from django.core.management.base import BaseCommand

from renkei.news.sending import issues_resume
from renkei.news.tasks import issues_resume_task


class Command(BaseCommand):
    help = "Resume sending newsletter issues: nobody receives an issue twice."

    def add_arguments(self, parser):
        parser.add_argument("--background", action="store_true", help="Queue the work for the task worker.")

    def handle(self, *args, background, **options):
        if background:
            issues_resume_task.enqueue()
            self.stdout.write("Queued.")
            return
        self.stdout.write(f"Sent {issues_resume()} emails.")
