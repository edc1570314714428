import datetime

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from renkei.organisations.services import contacts_request_confirmation


class Command(BaseCommand):
    help = "Email every owner of contacts not confirmed this fiscal year one request to confirm them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Run as on this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args, today=None, **options):
        sent = contacts_request_confirmation(today=today)
        self.stdout.write(_("Confirmation requests sent: %(count)d") % {"count": sent})
