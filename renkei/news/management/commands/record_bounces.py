"""Record addresses a bounce mailbox reported, so no newsletter goes to them again.

manage.py record_bounces someone@example.jp other@example.jp
manage.py record_bounces --file bounced.txt --reason "550 mailbox unavailable"
some-bounce-parser | manage.py record_bounces --file -
"""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from renkei.news.sending import bounces_record


class Command(BaseCommand):
    help = "Record bounced email addresses: newsletters skip them from now on."

    def add_arguments(self, parser):
        parser.add_argument("emails", nargs="*", help="Bounced addresses.")
        parser.add_argument("--file", help="A file with one address per line ('-' reads standard input).")
        parser.add_argument("--reason", default="", help="What the mail server said.")

    def handle(self, *args, emails, file, reason, **options):
        addresses = list(emails)
        if file:
            handle = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115
            with handle:
                addresses += [line.strip() for line in handle if line.strip() and not line.startswith("#")]
        if not addresses:
            raise CommandError("Give at least one address.")
        bad = []
        for address in addresses:
            try:
                validate_email(address.strip())
            except ValidationError:
                bad.append(address)
        if bad:
            # Nothing is recorded when one address is wrong: the input is probably not what was meant.
            raise CommandError(f"Not email addresses: {', '.join(bad)}")
        count = bounces_record(emails=addresses, reason=reason)
        self.stdout.write(f"Recorded {count} bounced addresses.")
