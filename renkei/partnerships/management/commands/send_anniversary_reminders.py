import datetime

from django.core.management.base import BaseCommand

from renkei.partnerships.services import anniversary_reminders_send


class Command(BaseCommand):
    help = "Email the parties' contacts about round anniversaries a year and three months ahead (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Run as on this day (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        sent = anniversary_reminders_send(today=today)
        self.stdout.write(f"{sent} anniversary reminders sent.")
