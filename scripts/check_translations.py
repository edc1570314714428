"""Fails when a user-facing string lacks a Japanese translation.

Runs makemessages on a copy of the catalogue and counts untranslated and fuzzy entries with
msgfmt, so a string added to the code but not to locale/ja is caught.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "ja" / "LC_MESSAGES" / "django.po"


def main() -> int:
    with tempfile.TemporaryDirectory() as backup:
        saved = Path(backup) / "django.po"
        shutil.copy(PO, saved)
        try:
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "makemessages",
                    "-l",
                    "ja",
                    "--no-obsolete",
                    "-v",
                    "0",
                    "--ignore=.venv",
                    "--ignore=node_modules",
                    "--ignore=var",
                    "--ignore=bench",
                    "--ignore=e2e",
                    "--settings=renkei.settings_test",
                ],
                cwd=ROOT,
                check=True,
            )
            stats = subprocess.run(
                ["msgfmt", "--statistics", "-o", "/dev/null", str(PO)], capture_output=True, text=True, check=True
            ).stderr
            missing = subprocess.run(
                ["msgattrib", "--untranslated", "--only-fuzzy", str(PO)], capture_output=True, text=True
            ).stdout
            untranslated = subprocess.run(
                ["msgattrib", "--untranslated", str(PO)], capture_output=True, text=True
            ).stdout
        finally:
            shutil.copy(saved, PO)
    print(f"ja: {stats.strip()}")
    if re.search(r"untranslated|fuzzy", stats):
        print("Untranslated or fuzzy strings:")
        print((untranslated + missing)[:5000])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
