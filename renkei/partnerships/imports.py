"""Partnerships in and out as CSV or XLSX, with an error per bad row and nothing half-written.

Headers may be the English keys (kind, established…) or their Japanese names (種別, 締結日…);
an export uses the headers of the active language, so it imports again as it is.
"""

import datetime
import io
import re
import unicodedata
from dataclasses import dataclass

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from renkei.lib.exports import unquote_cell
from renkei.networks.forms import resolve_local_government
from renkei.partnerships.access import parties_editable
from renkei.partnerships.forms import resolve_organisation
from renkei.partnerships.models import Partnership
from renkei.partnerships.services import Parties, overseas_government_get_or_create, partnership_create
from renkei.registry.models import OverseasGovernment

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

COLUMNS = (
    ("kind", "種別"),
    ("established", "締結日"),
    ("status", "状態"),
    ("ends_on", "終了日"),
    ("local_governments", "国内の自治体"),
    ("overseas_name_en", "海外の自治体（英語名）"),
    ("overseas_name", "海外の自治体（現地語名）"),
    ("overseas_name_kana", "海外の自治体（カナ）"),
    ("overseas_country", "国"),
    ("overseas_level", "海外の自治体の種類"),
    ("organisations", "企業・団体"),
    ("description_ja", "説明"),
    ("description_en", "説明（英語）"),
    ("sources", "出典"),
)
KEYS = tuple(key for key, _ja in COLUMNS)
# Japanese names people write in a spreadsheet, whatever the site's catalogue says.
ALIASES = {
    "姉妹都市": "sister_city",
    "友好都市": "friendship_city",
    "姉妹州": "sister_state",
    "姉妹県": "sister_state",
    "姉妹州・県": "sister_state",
    "災害時相互応援協定": "disaster_support",
    "相互応援協定": "disaster_support",
    "包括連携協定": "comprehensive",
    "経済交流協定": "economic",
    "観光交流協定": "tourism",
    "文化交流協定": "cultural",
    "有効": "active",
    "継続": "active",
    "期間付き": "fixed_term",
    "期限付き": "fixed_term",
    "終了": "ended",
    "市": "city",
    "州": "state",
    "省": "province",
    "郡": "county",
}


class ImportFileError(Exception):
    """The file as a whole cannot be read."""


@dataclass
class RowError:
    row: int  # as a spreadsheet shows it: the header is row 1
    message: str


def _key(header) -> str:
    text = unicodedata.normalize("NFKC", str(header or "")).strip()
    for key, ja in COLUMNS:
        if text.lower() == key or text == unicodedata.normalize("NFKC", ja):
            return key
    return text


def _text(value) -> str:
    if value is None:
        return ""
    value = unquote_cell(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def read_rows(name: str, content: bytes) -> list[dict]:
    """The rows of a CSV or XLSX file as dicts keyed by column, each with its "_row" number."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ("csv", "xlsx"):
        raise ImportFileError(_("Choose a CSV or Excel (.xlsx) file."))
    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportFileError(_("The file is larger than %(size)s MB.") % {"size": MAX_IMPORT_BYTES // 2**20})
    try:
        if extension == "xlsx":
            if not content.startswith(b"PK"):
                raise ImportFileError(_("The file is not an Excel (.xlsx) workbook."))
            dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        else:
            for encoding in ("utf-8-sig", "cp932"):
                try:
                    text = content.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise ImportFileError(_("The file is not text in UTF-8 or Shift_JIS; save it again as CSV (UTF-8)."))
            dataset = tablib.Dataset().load(text, format="csv")
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(_("The file could not be read; check that it is a CSV or Excel (.xlsx) file."))
    keys = [_key(h) for h in dataset.headers or []]
    unknown = [k for k in keys if k and k not in KEYS]
    if unknown:
        raise ImportFileError(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if "kind" not in keys or "established" not in keys:
        raise ImportFileError(_("The file needs at least the columns kind and established."))
    rows = []
    for number, values in enumerate(dataset, start=2):
        cells = [_text(v) for v in values]
        if not any(cells):
            continue
        row: dict = dict.fromkeys(KEYS, "")
        row.update({k: c for k, c in zip(keys, cells, strict=False) if k})
        row["_row"] = number
        rows.append(row)
    if not rows:
        raise ImportFileError(_("The file has a header row but no partnerships."))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("A file may hold at most %(max)s partnerships.") % {"max": MAX_ROWS})
    return rows


def _choice(value: str, choices, what: str):
    value = ALIASES.get(value, value)
    for key, label in choices:
        if value.lower() == key or value in (str(label), _label_in("ja", label), _label_in("en", label)):
            return key
    raise ValidationError(_("%(value)s is not a %(what)s.") % {"value": value, "what": what})


def _label_in(language: str, label) -> str:
    from django.utils.translation import override

    with override(language):
        return str(label)


def parse_established(value: str) -> tuple[datetime.date, str]:
    """1994 / 2023-07 / 2019-09-11, or 1994年 / 2023年7月 / 2019年9月11日: a date and its precision."""
    match = re.fullmatch(r"(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?", value)
    if not match:
        raise ValidationError(_("Write the date established as 1994, 2023-07 or 2019-09-11."))
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        date = datetime.date(year, month or 1, day or 1)  # type: ignore[arg-type]
    except ValueError:
        raise ValidationError(_("%(value)s is not a date.") % {"value": value})
    precision = (
        Partnership.Precision.DAY if day else Partnership.Precision.MONTH if month else Partnership.Precision.YEAR
    )
    return date, precision


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n；]", value) if part.strip()]


def _row_values(row: dict, user, *, secretariat: bool):
    errors: list[str] = []

    def attempt(function, *args):
        try:
            return function(*args)
        except ValidationError as error:
            errors.extend(error.messages)
            return None

    kind = attempt(_choice, row["kind"], Partnership.Kind.choices, _("kind of partnership"))
    established = attempt(parse_established, row["established"])
    status = Partnership.Status.ACTIVE
    if row["status"]:
        status = attempt(_choice, row["status"], Partnership.Status.choices, _("status")) or status
    ends_on = None
    if row["ends_on"]:
        try:
            ends_on = datetime.date.fromisoformat(row["ends_on"].replace("/", "-"))
        except ValueError:
            errors.append(_("Write the end date as 2026-03-31."))
    governments = [g for g in (attempt(resolve_local_government, v) for v in _split(row["local_governments"])) if g]
    organisations = [o for o in (attempt(resolve_organisation, v) for v in _split(row["organisations"])) if o]
    overseas = None
    if row["overseas_name_en"]:
        country = row["overseas_country"].upper()
        if country not in dict(countries):
            errors.append(_("%(value)s is not a country code (ISO 3166-1, e.g. DE).") % {"value": country or "—"})
        level = OverseasGovernment.Level.CITY
        if row["overseas_level"]:
            level = attempt(_choice, row["overseas_level"], OverseasGovernment.Level.choices, _("level")) or level
        overseas = {
            "name_en": row["overseas_name_en"],
            "name": row["overseas_name"],
            "name_kana": row["overseas_name_kana"],
            "country": country,
            "level": level,
        }
    if not errors and not parties_editable(
        user, local_governments=governments, organisations=organisations, secretariat=secretariat
    ):
        errors.append(_("You may import only partnerships to which your organisation (or a member) is a party."))
    if errors:
        raise ValidationError(errors)
    assert established is not None
    return (
        {
            "kind": kind,
            "established_on": established[0],
            "established_precision": established[1],
            "status": status,
            "ends_on": ends_on,
            "description_ja": row["description_ja"],
            "description_en": row["description_en"],
            "sources": row["sources"].replace(" | ", "\n"),
        },
        governments,
        organisations,
        overseas,
    )


def partnerships_import(*, user, rows: list[dict], secretariat: bool) -> tuple[int, list[RowError]]:
    """Write every row of the file, or none: returns (rows written, errors by row).

    Everything happens in one transaction that is rolled back when a single row is bad, so a
    file is either wholly imported or leaves no trace.
    """
    errors: list[RowError] = []
    written = 0
    with transaction.atomic():
        for row in rows:
            try:
                values, governments, organisations, overseas = _row_values(row, user, secretariat=secretariat)
                with transaction.atomic():
                    parties = Parties(local_governments=governments, organisations=organisations)
                    if overseas:
                        parties.overseas_governments.append(overseas_government_get_or_create(**overseas))
                    partnership_create(user=user, parties=parties, is_draft=False, **values)
                written += 1
            except ValidationError as error:
                errors.extend(RowError(row["_row"], message) for message in error.messages)
        if errors:
            transaction.set_rollback(True)
            return 0, errors
    return written, []


def export_dataset(partnerships) -> tablib.Dataset:
    """The partnerships with the import's columns, headed in the active language.

    Kinds, statuses and levels are written in the active language too; the import reads them back.
    """
    japanese = (get_language() or "ja").startswith("ja")
    dataset = tablib.Dataset(headers=[ja if japanese else key for key, ja in COLUMNS], title="partnerships")
    for partnership in partnerships:
        parties = list(partnership.parties.all())
        overseas = next((p.overseas_government for p in parties if p.overseas_government_id), None)
        day = partnership.established_on
        established = {
            Partnership.Precision.YEAR: f"{day.year}",
            Partnership.Precision.MONTH: f"{day.year}-{day.month:02d}",
        }.get(partnership.established_precision, day.isoformat())  # type: ignore[call-overload]
        dataset.append(
            [
                partnership.get_kind_display(),
                established,
                partnership.get_status_display(),
                partnership.ends_on.isoformat() if partnership.ends_on else "",
                "; ".join(p.local_government_id for p in parties if p.local_government_id),  # type: ignore[misc]
                overseas.name_en if overseas else "",
                overseas.name if overseas else "",
                overseas.name_kana if overseas else "",
                overseas.country if overseas else "",
                overseas.get_level_display() if overseas else "",
                "; ".join(f"#{p.organisation_id}" for p in parties if p.organisation_id),
                partnership.description_ja or "",
                partnership.description_en or "",
                " | ".join(partnership.sources.splitlines()),
            ]
        )
    return dataset
