import time

from django.core.management.base import BaseCommand, CommandError

from renkei.registry.loading import RegistryDataError, load_registry


class Command(BaseCommand):
    help = "Load (or refresh) all local governments of Japan and the overseas governments from the data files."

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            counts = load_registry()
        except RegistryDataError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Loaded {counts['prefectures']} prefectures, {counts['municipalities']} municipalities and "
            f"{counts['overseas']} overseas governments in {elapsed:.2f} s"
        )
