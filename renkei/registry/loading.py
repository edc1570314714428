"""Loading the registry from the data files kept in ``renkei/registry/data/``."""

import csv
from pathlib import Path

from django.db import transaction

from renkei.registry.codes import is_valid_code
from renkei.registry.models import LocalGovernment, OverseasGovernment, registry_changed
from renkei.registry.regions import REGION_OF_PREFECTURE

DATA_DIR = Path(__file__).resolve().parent / "data"


class RegistryDataError(ValueError):
    pass


def _read_local_governments(path: Path) -> list[LocalGovernment]:
    governments = []
    with path.open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            code = row["code"]
            if not is_valid_code(code):
                raise RegistryDataError(f"{path.name}:{line}: {code} is not a valid local government code")
            prefecture_code = row["prefecture_code"]
            is_prefecture = row["kind"] == LocalGovernment.Kind.PREFECTURE
            government = LocalGovernment(
                code=code,
                name=row["name"],
                name_kana=row["name_kana"],
                name_en=row["name_en"],
                kind=row["kind"],
                # A prefecture's code is its two digits followed by 000 and the check digit.
                prefecture_id=None if is_prefecture else _prefecture_code(prefecture_code),
                region=REGION_OF_PREFECTURE[prefecture_code],
                lat=float(row["lat"]) if row["lat"] else None,
                lng=float(row["lng"]) if row["lng"] else None,
            )
            government.search_text = government.build_search_text()
            governments.append(government)
    return governments


def _prefecture_code(two_digits: str) -> str:
    from renkei.registry.codes import check_digit

    first5 = f"{two_digits}000"
    return f"{first5}{check_digit(first5)}"


def load_registry(data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Insert or update every local government and overseas government from the data files.

    Runs in one transaction: a bad row leaves the registry as it was.
    """
    governments = _read_local_governments(data_dir / "local_governments.csv")
    fields = ["name", "name_kana", "name_en", "kind", "prefecture", "region", "lat", "lng", "search_text", "updated_at"]
    overseas = []
    with (data_dir / "overseas_governments.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            overseas.append(OverseasGovernment(**row))
    with transaction.atomic():
        # Prefectures first: municipalities point at them.
        prefectures = [g for g in governments if g.kind == LocalGovernment.Kind.PREFECTURE]
        municipalities = [g for g in governments if g.kind != LocalGovernment.Kind.PREFECTURE]
        for batch in (prefectures, municipalities):
            LocalGovernment.objects.bulk_create(
                batch, batch_size=500, update_conflicts=True, unique_fields=["code"], update_fields=fields
            )
        OverseasGovernment.objects.bulk_create(
            overseas,
            update_conflicts=True,
            unique_fields=["country", "level", "name_en"],
            update_fields=["name", "name_kana"],
        )
    registry_changed()
    return {
        "prefectures": len(prefectures),
        "municipalities": len(municipalities),
        "overseas": len(overseas),
    }
