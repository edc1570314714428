"""Email confirmed registrants of the events starting tomorrow (Asia/Tokyo). Run once a day, e.g. from cron."""

from django.core.management.base import BaseCommand

from renkei.events.registration import reminders_send


class Command(BaseCommand):
    help = "Remind confirmed registrants of events that start tomorrow (each person once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--background", action="store_true", help="queue the work for the task worker instead of doing it now"
        )

    def handle(self, *args, background: bool = False, **options):
        if background:
            from renkei.events.tasks import event_reminders_send

            event_reminders_send.enqueue()
            self.stdout.write("Queued the reminders.")
            return
        sent = reminders_send()
        self.stdout.write(f"Sent {sent} reminder(s).")
