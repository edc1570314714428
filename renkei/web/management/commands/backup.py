"""manage.py backup FILE: a consistent copy of the whole database, taken while the site runs.

PostgreSQL: pg_dump's custom format (restore with ``manage.py restore``). SQLite: the online
backup API, which copies a consistent snapshot even while other processes write.
"""

import os
import sqlite3
import subprocess

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def postgres_environment(settings_dict: dict) -> tuple[list[str], dict]:
    """pg_dump/pg_restore connection arguments, with the password in the environment only."""
    arguments = ["--host", settings_dict.get("HOST") or "localhost", "--username", settings_dict["USER"]]
    if settings_dict.get("PORT"):
        arguments += ["--port", str(settings_dict["PORT"])]
    return arguments, {**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or ""}


class Command(BaseCommand):
    help = "Writes a consistent copy of the database to FILE (pg_dump on PostgreSQL, the backup API on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        settings_dict = connection.settings_dict
        if connection.vendor == "postgresql":
            arguments, environment = postgres_environment(settings_dict)
            command = ["pg_dump", "--format=custom", "--no-owner", *arguments, "--file", file, settings_dict["NAME"]]
            result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
            if result.returncode:
                raise CommandError(result.stderr.strip())
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(file) as target:
                connection.connection.backup(target)
            target.close()
        else:
            raise CommandError(f"No backup for the {connection.vendor} database.")
        self.stdout.write(f"Backed up to {file}")
