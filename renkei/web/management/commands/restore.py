"""manage.py restore FILE: the database as ``manage.py backup`` wrote it, replacing what is there.

Stop the web nodes and workers first: a restore replaces every table. Afterwards the shared cache
is emptied, so no page kept from the replaced data is served.
"""

import sqlite3
import subprocess

from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from renkei.web.management.commands.backup import postgres_environment


class Command(BaseCommand):
    help = "Replaces the database with a copy made by `manage.py backup`, then empties the shared cache."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        settings_dict = connection.settings_dict
        if connection.vendor == "postgresql":
            connection.close()
            arguments, environment = postgres_environment(settings_dict)
            command = [
                "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                *arguments, "--dbname", settings_dict["NAME"], file,
            ]  # fmt: skip
            result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
            if result.returncode:
                raise CommandError(result.stderr.strip())
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(file) as source:
                source.backup(connection.connection)
            source.close()
        else:
            raise CommandError(f"No restore for the {connection.vendor} database.")
        for alias in ("default", "fragments"):
            caches[alias].clear()
        self.stdout.write(f"Restored from {file}")
