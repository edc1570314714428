"""Send the daily digest emails; cron runs it once a day (see the README)."""

from django.core.management.base import BaseCommand

from renkei.notifications.services import digests_send
from renkei.notifications.tasks import send_digests


class Command(BaseCommand):
    help = "Email each person one digest of what happened since their last digest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the work for the task worker instead of doing it now."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            send_digests.enqueue()
            self.stdout.write("Digests queued.")
            return
        sent = digests_send()
        self.stdout.write(f"{sent} digest(s) sent.")
