"""Members and contacts in and out of a network as CSV or XLSX files.

A file is read into rows, every row is checked, and only a file without a single bad row
is written (services.members_import). Column headers may be the English keys
(local_government_code, tier…), their English names (Local government code, Tier…) or their
Japanese names (全国地方公共団体コード, 会員区分…); an export uses the headers, names, kinds and
statuses of the active language, so it imports again as it is.

A cell a spreadsheet would run as a formula (=…, +…, -…, @…) is refused with the row and column
named; the quoted form an export writes ('=…) is read back without its quote.
"""

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import openpyxl
import tablib
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from renkei.lib.exports import is_formula, unquote_cell
from renkei.networks.models import Membership, Network, Tier
from renkei.organisations.models import Organisation
from renkei.organisations.selectors import primary_contacts
from renkei.registry.codes import is_valid_code
from renkei.registry.models import LocalGovernment

MAX_IMPORT_BYTES = 5 * 1024 * 1024
FORMATS = ("csv", "xlsx")

# Column key, its Japanese header, the longest value the model accepts.
COLUMNS = (
    ("local_government_code", "全国地方公共団体コード", 6),
    ("organisation_name", "団体名", 200),
    ("organisation_kind", "団体種別", 16),
    ("tier", "会員区分", 100),
    ("status", "状態", 12),
    ("joined_on", "入会日", 20),
    ("contact_name", "担当者名", 100),
    ("contact_department", "担当部署", 200),
    ("contact_title", "役職", 100),
    ("contact_email", "メールアドレス", 254),
    ("contact_phone", "電話番号", 40),
)
KEYS = tuple(key for key, _ja, _max in COLUMNS)
_MAX_LENGTH = {key: length for key, _ja, length in COLUMNS}
# Other spellings people type into a header row.
_ALIASES = {
    "コード": "local_government_code",
    "団体コード": "local_government_code",
    "地方公共団体コード": "local_government_code",
    "code": "local_government_code",
    "organization_name": "organisation_name",
    "organization_kind": "organisation_kind",
    "名称": "organisation_name",
    "種別": "organisation_kind",
    "区分": "tier",
    "ステータス": "status",
    "担当者": "contact_name",
    "部署": "contact_department",
    "メール": "contact_email",
    "電話": "contact_phone",
}
# Kinds of organisation a row without a local government code may be.
NON_GOVERNMENT_KINDS = (
    Organisation.Kind.COMPANY,
    Organisation.Kind.ASSOCIATION,
    Organisation.Kind.NATIONAL_AGENCY,
    Organisation.Kind.OVERSEAS,
)


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong type, empty, too large, unknown columns."""


@dataclass
class RowError:
    row: int  # as a spreadsheet shows it: the header is row 1
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "message": self.message}


@dataclass
class MemberRow:
    """One checked row, ready to be written."""

    row: int
    tier: Tier
    status: str
    joined_on: datetime.date | None
    government: LocalGovernment | None = None
    organisation_name: str = ""
    organisation_kind: str = ""
    contact: dict = field(default_factory=dict)


def column_header(key: str) -> str:
    """A column's header in the active language: 団体名 on Japanese pages, "Organisation name" in English."""
    if (translation.get_language() or "ja").startswith("ja"):
        return next(ja for k, ja, _length in COLUMNS if k == key)
    return key.replace("_", " ").capitalize()


def _header_key(header) -> str:
    text = unicodedata.normalize("NFKC", str(header or "")).strip().lower()
    text = re.sub(r"[\s\-]+", "_", text)
    for key, ja, _length in COLUMNS:
        if text in (key, unicodedata.normalize("NFKC", ja)):
            return key
    return _ALIASES.get(text, text)


def _cell(value) -> str | datetime.date:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def file_format(name: str) -> str:
    """The format of an uploaded file by its name, or ImportFileError."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FORMATS:
        raise ImportFileError(_("Choose a CSV or Excel (.xlsx) file."))
    return extension


def _decode(content: bytes) -> str:
    # Excel in Japan saves CSV as Shift_JIS (cp932) unless told otherwise.
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is not text in UTF-8 or Shift_JIS; save it again as CSV (UTF-8)."))


def read_rows(name: str, content: bytes) -> list[dict]:
    """Read a CSV or XLSX file into rows: dicts with the column keys, plus "_row" (its row number).

    Rows with nothing in them are skipped, as spreadsheets often end in empty rows.
    """
    kind = file_format(name)
    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)s MB; split it into smaller files.")
            % {"size": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    try:
        if kind == "xlsx":
            if not content.startswith(b"PK"):
                raise ImportFileError(_("The file is not an Excel (.xlsx) workbook."))
            # Formulas as written (data_only=False), so a formula cell is seen and refused, not its result.
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
            sheet = workbook.active
            table = [list(r) for r in sheet.iter_rows(values_only=True)] if sheet is not None else []
            header, body = (table[0], table[1:]) if table else ([], [])
        else:
            table = list(csv.reader(io.StringIO(_decode(content))))
            header, body = (table[0], table[1:]) if table else ([], [])
    except ImportFileError:
        raise
    except Exception:
        # openpyxl and csv raise many kinds of errors on a damaged file; all mean the same to the user.
        raise ImportFileError(_("The file could not be read; check that it is a CSV or Excel (.xlsx) file."))

    keys = [_header_key(h) for h in header]
    if not any(keys):
        raise ImportFileError(_("The file has no header row."))
    unknown = [str(h) for h, k in zip(header, keys, strict=True) if k and k not in KEYS]
    if unknown:
        raise ImportFileError(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    duplicated = sorted({k for k in keys if k and keys.count(k) > 1})
    if duplicated:
        raise ImportFileError(_("Columns appear twice: %(columns)s.") % {"columns": ", ".join(duplicated)})
    if "tier" not in keys or not ({"local_government_code", "organisation_name"} & set(keys)):
        raise ImportFileError(
            _("The file needs a tier column and a local_government_code or organisation_name column.")
        )

    rows = []
    for number, values in enumerate(body, start=2):
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue
        row: dict[str, object] = dict.fromkeys(KEYS, "")
        row.update({k: c for k, c in zip(keys, cells, strict=False) if k})
        row["_row"] = number
        rows.append(row)
    if not rows:
        raise ImportFileError(_("The file has a header row but no members."))
    return rows


def _parse_date(value) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    text = unicodedata.normalize("NFKC", value)
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if not match:
        raise ValueError(text)
    return datetime.date(*(int(part) for part in match.groups()))


def _formula_error(key: str, value: str) -> str:
    sign = {"\t": "TAB", "\r": "CR"}.get(value[0], value[0])
    return _(
        "The %(column)s column starts with %(sign)s, which a spreadsheet would run as a formula; "
        "remove the sign, or put a single quote (') before it to keep it as text."
    ) % {"column": f"「{column_header(key)}」", "sign": f"「{sign}」"}


def _choice_lookup(choices) -> dict[str, str]:
    """Map each choice's value and its label in Japanese and in English to the value."""
    lookup = {}
    for value, label in choices:
        lookup[value.casefold()] = value
        for language in ("ja", "en"):
            with translation.override(language):
                lookup[str(label).casefold()] = value
    return lookup


def _tier_lookup(network: Network) -> dict[str, Tier]:
    lookup = {}
    for tier in network.tiers.all():
        for name in (tier.name_ja, tier.name_en):
            if name:
                lookup.setdefault(unicodedata.normalize("NFKC", name).casefold(), tier)
    return lookup


def validate_rows(
    network: Network, rows: list[dict], progress: Callable[[int], None] | None = None
) -> tuple[list[MemberRow], list[RowError]]:
    """Check every row; return the rows ready to write and the errors (row number and reason).

    ``progress(n)`` is called with the number of rows checked so far, now and then.
    """
    tiers = _tier_lookup(network)
    codes = {str(r["local_government_code"]) for r in rows if r["local_government_code"]}
    governments = LocalGovernment.objects.in_bulk([c.zfill(6) for c in codes if c.isdigit()])
    statuses = _choice_lookup(Membership.Status.choices)
    kinds = _choice_lookup((k.value, k.label) for k in NON_GOVERNMENT_KINDS)

    valid: list[MemberRow] = []
    errors: list[RowError] = []
    seen: dict[tuple, int] = {}
    for index, original in enumerate(rows, start=1):
        number = original["_row"]
        problems: list[str] = [_formula_error(key, original[key]) for key in KEYS if is_formula(original[key])]
        raw = {key: unquote_cell(value) for key, value in original.items()}

        def text(key: str, raw=raw, problems=problems) -> str:
            value = raw[key]
            value = value.isoformat() if isinstance(value, datetime.date) else str(value)
            if len(value) > _MAX_LENGTH[key]:
                problems.append(
                    _("%(column)s is longer than %(max)s characters.") % {"column": key, "max": _MAX_LENGTH[key]}
                )
            return value

        code = text("local_government_code")
        # Spreadsheets drop the leading zero of 北海道's and 青森県's codes (011002 → 11002).
        if code.isdigit() and len(code) == 5:
            code = code.zfill(6)
        government = None
        key: tuple | None = None
        organisation_name = text("organisation_name")
        organisation_kind = ""
        if code:
            if not is_valid_code(code):
                problems.append(_("%(code)s is not a valid local government code (check digit).") % {"code": code})
            elif code not in governments:
                problems.append(_("No local government has the code %(code)s.") % {"code": code})
            else:
                government = governments[code]
                key = ("code", code)
        elif organisation_name:
            organisation_kind = kinds.get(text("organisation_kind").casefold(), "")
            if not organisation_kind:
                problems.append(
                    _("Give the kind of organisation: one of %(kinds)s.")
                    % {"kinds": ", ".join(k.value for k in NON_GOVERNMENT_KINDS)}
                )
            key = ("name", organisation_kind, unicodedata.normalize("NFKC", organisation_name).casefold())
        else:
            problems.append(_("Give a local government code, or an organisation name and kind."))

        if key is not None and (government or organisation_kind):
            if key in seen:
                problems.append(_("The same organisation is already in row %(row)s.") % {"row": seen[key]})
            else:
                seen[key] = number

        tier_name = text("tier")
        tier = tiers.get(unicodedata.normalize("NFKC", tier_name).casefold())
        if tier is None:
            problems.append(
                _("Unknown tier %(tier)s; this network has: %(tiers)s.")
                % {"tier": f"「{tier_name}」", "tiers": ", ".join(t.name for t in network.tiers.all())}
            )

        status: str | None = Membership.Status.ACTIVE
        if raw["status"]:
            status = statuses.get(text("status").casefold())
            if status is None:
                problems.append(
                    _("Unknown status %(status)s; use one of %(statuses)s.")
                    % {"status": f"「{raw['status']}」", "statuses": ", ".join(Membership.Status.values)}
                )

        joined_on = None
        if raw["joined_on"]:
            try:
                joined_on = _parse_date(raw["joined_on"])
            except ValueError:
                problems.append(
                    _("%(value)s is not a date; write it as 2025-04-01.") % {"value": f"「{raw['joined_on']}」"}
                )

        contact = {
            "person_name": text("contact_name"),
            "department": text("contact_department"),
            "title": text("contact_title"),
            "email": text("contact_email").lower(),
            "phone": text("contact_phone"),
        }
        if any(contact.values()):
            if not contact["person_name"]:
                problems.append(_("A contact needs a name."))
            if not contact["email"]:
                problems.append(_("A contact needs an email address."))
            else:
                try:
                    validate_email(contact["email"])
                except ValidationError:
                    problems.append(_("%(email)s is not an email address.") % {"email": f"「{raw['contact_email']}」"})
        else:
            contact = {}

        if problems or tier is None or status is None:
            errors.extend(RowError(number, p) for p in problems)
        else:
            valid.append(
                MemberRow(
                    row=number,
                    tier=tier,
                    status=status,
                    joined_on=joined_on,
                    government=government,
                    organisation_name=organisation_name if government is None else "",
                    organisation_kind=organisation_kind,
                    contact=contact,
                )
            )
        if progress and (index % 50 == 0 or index == len(rows)):
            progress(index)
    return valid, errors


def export_dataset(network: Network, user) -> tablib.Dataset:
    """Every membership of a network with its organisation's primary contact, one row each.

    Headers, organisation names, kinds and statuses are in the active language (the import reads
    both languages); contacts come through Contact.visible_to(user).
    """
    dataset = tablib.Dataset(headers=[column_header(key) for key in KEYS])
    memberships = (
        Membership.objects.filter(network=network)
        .select_related("organisation__local_government", "tier")
        .order_by("organisation__name_kana", "id")
    )
    contacts = primary_contacts(memberships.values("organisation_id"), user)
    for membership in memberships:
        organisation = membership.organisation
        contact = contacts.get(organisation.pk)
        government = organisation.local_government
        dataset.append(
            [
                government.code if government else "",
                organisation.name,
                organisation.get_kind_display(),
                membership.tier.name,
                membership.get_status_display(),
                membership.joined_on.isoformat() if membership.joined_on else "",
                contact.person_name if contact else "",
                contact.department if contact else "",
                contact.title if contact else "",
                contact.email if contact else "",
                contact.phone if contact else "",
            ]
        )
    return dataset


def errors_as_text(errors: Iterable[RowError]) -> list[str]:
    return [_("Row %(row)s: %(message)s") % {"row": e.row, "message": e.message} for e in errors]
