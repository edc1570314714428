"""Import a network's members and contacts from a CSV or XLSX file, all rows or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from renkei.networks.imports import ImportFileError, errors_as_text, read_rows
from renkei.networks.models import Network
from renkei.networks.services import ImportRejected, members_import


class Command(BaseCommand):
    help = "Import members and contacts of a network from a CSV or XLSX file (nothing is written if a row is bad)."

    def add_arguments(self, parser):
        parser.add_argument("network", help="the network's slug")
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file")

    def handle(self, *args, network: str, file: Path, **options):
        try:
            target = Network.objects.get(slug=network)
        except Network.DoesNotExist:
            raise CommandError(f"No network has the slug {network!r}.")
        try:
            rows = read_rows(file.name, file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}")
        except ImportFileError as error:
            raise CommandError(str(error))

        bars: dict[str, tqdm] = {}
        quiet = options["verbosity"] == 0

        def progress(phase: str, count: int) -> None:
            if phase not in bars:
                label = "checking" if phase == "validating" else "writing"
                bars[phase] = tqdm(total=len(rows), desc=label, unit="row", disable=quiet, file=self.stderr._out)
            bar = bars[phase]
            bar.update(count - bar.n)

        try:
            result = members_import(network=target, rows=rows, on_progress=progress)
        except ImportRejected as rejected:
            for line in errors_as_text(rejected.errors):
                self.stderr.write(line)
            raise CommandError(f"Nothing was imported: {len(rejected.errors)} problems in {file.name}.")
        finally:
            for bar in bars.values():
                bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(rows)} rows: {result.memberships_created} new members, "
                f"{result.memberships_updated} updated; {result.contacts_created} contacts added, "
                f"{result.contacts_updated} updated."
            )
        )
