"""A task the several-nodes tests enqueue: it notes its run in a file, so runs can be counted."""

import os

from django_tasks import task


@task()
def note(path: str, number: int) -> None:
    # One write of one short line with O_APPEND: lines from two workers never interleave.
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        os.write(descriptor, f"{number}\n".encode())
    finally:
        os.close(descriptor)
