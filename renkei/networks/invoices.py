"""Fee invoices (請求書) as PDF, in the reader's language, with reportlab's built-in Japanese CID fonts.

CID fonts are not embedded in the file: every PDF reader in Japan carries them, and the
invoice stays a few kilobytes and needs no font file in the project.
"""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from renkei.lib.dates import fiscal_year_label, format_date
from renkei.lib.money import format_yen
from renkei.networks.models import Invoice, Network, TaxTreatment

GOTHIC = "HeiseiKakuGo-W5"
MINCHO = "HeiseiMin-W3"


def _register_fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    for name in (GOTHIC, MINCHO):
        if name not in registered:
            pdfmetrics.registerFont(UnicodeCIDFont(name))


def _style(name: str, *, font: str = MINCHO, size: float = 10.5, **extra) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.6, wordWrap="CJK", **extra)


def invoice_item(invoice: Invoice) -> str:
    """The invoice's one line, e.g. 令和7年度 年会費（正会員） or FY2025 annual fee (Full member)."""
    return _("%(year)s annual fee (%(tier)s)") % {
        "year": fiscal_year_label(invoice.fiscal_year),
        "tier": invoice.tier_label,
    }


def _day(day) -> str:
    """令和 dates on a Japanese invoice, as treasurers file them."""
    return format_date(day, wareki=True)


def payment_lines(network: Network) -> list[str]:
    """Where to pay: the network's bank account, or a line saying the secretariat will tell."""
    if not network.bank_account_number:
        return [_("The secretariat will tell you the account to pay into.")]
    return [
        _("Bank: %(bank)s, %(branch)s") % {"bank": escape(network.bank_name), "branch": escape(network.bank_branch)},
        _("Account: %(type)s %(number)s")
        % {"type": network.get_bank_account_type_display(), "number": escape(network.bank_account_number)},
        _("Account holder: %(holder)s") % {"holder": escape(network.bank_account_holder)},
        _("Please pay into this account by the date above; the transfer fee is borne by the payer."),
    ]


def tax_lines(invoice: Invoice, network: Network) -> list[str]:
    """The consumption-tax statement: 不課税, or what a qualified invoice (適格請求書) must show."""
    if network.tax_treatment != TaxTreatment.QUALIFIED:
        return [_("Membership fees are not subject to consumption tax.")]
    return [
        _("Registration number: %(number)s") % {"number": escape(network.tax_registration_number)},
        _("Subject to 10%%: %(amount)s (consumption tax %(tax)s)")
        % {"amount": format_yen(invoice.amount), "tax": format_yen(invoice.consumption_tax)},
    ]


def invoice_pdf(invoice: Invoice) -> bytes:
    """Render one invoice as an A4 PDF in the active language and return its bytes.

    ``invoice`` should come with membership__organisation and membership__network__secretariat
    selected.
    """
    _register_fonts()
    membership = invoice.membership
    organisation = membership.organisation
    network = membership.network
    item = invoice_item(invoice)
    network_name = network.name
    secretariat_name = network.secretariat.name

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"{_('Invoice')} {invoice.number}",
        author=secretariat_name,
        subject=item,
    )
    width = A4[0] - 40 * mm
    body = _style("body")
    right = _style("right", alignment=TA_RIGHT)
    story = [
        Paragraph(_("Invoice"), _style("title", font=GOTHIC, size=22, alignment=TA_CENTER)),
        Spacer(0, 6 * mm),
        Paragraph(_("Invoice number: %(number)s") % {"number": escape(invoice.number)}, right),
        Paragraph(_("Date of issue: %(date)s") % {"date": _day(invoice.issued_on)}, right),
        Spacer(0, 6 * mm),
    ]
    addressee = Table(
        [
            [
                Paragraph(
                    _("To %(organisation)s") % {"organisation": escape(organisation.name)},
                    _style("to", font=GOTHIC, size=15),
                )
            ]
        ],
        colWidths=[width * 0.6],
        style=TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.8, colors.black), ("LEFTPADDING", (0, 0), (-1, -1), 0)]),
        hAlign="LEFT",
    )
    story += [
        addressee,
        Spacer(0, 6 * mm),
        Paragraph(_("We invoice the annual fee of %(network)s as follows.") % {"network": escape(network_name)}, body),
        Spacer(0, 6 * mm),
    ]
    total = Table(
        [[Paragraph(_("Amount due"), _style("total-label", font=GOTHIC, size=12)),
          Paragraph(format_yen(invoice.amount), _style("total", font=GOTHIC, size=18, alignment=TA_RIGHT))]],
        colWidths=[width * 0.3, width * 0.4],
        style=TableStyle([
            ("BOX", (0, 0), (-1, -1), 1, colors.black),
            ("BACKGROUND", (0, 0), (0, 0), colors.HexColor("#eef2f8")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
        ]),
        hAlign="LEFT",
    )  # fmt: skip
    story += [total, Spacer(0, 8 * mm)]
    header = _style("th", font=GOTHIC)
    amount = format_yen(invoice.amount)
    lines = Table(
        [
            [Paragraph(_("Item"), header), Paragraph(_("Quantity"), header), Paragraph(_("Amount"), header)],
            [Paragraph(escape(item), body), Paragraph("1", right), Paragraph(amount, right)],
            [Paragraph(_("Total"), header), "", Paragraph(amount, _style("sum", font=GOTHIC, alignment=TA_RIGHT))],
        ],
        colWidths=[width * 0.6, width * 0.12, width * 0.28],
        style=TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#666666")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f8")),
            ("SPAN", (0, 2), (1, 2)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]),
    )  # fmt: skip
    story += [lines, Spacer(0, 4 * mm)]
    story += [Paragraph(line, body) for line in tax_lines(invoice, network)]
    story += [
        Spacer(0, 6 * mm),
        Paragraph(_("Pay by: %(date)s") % {"date": _day(invoice.due_on)}, _style("due", font=GOTHIC, size=11)),
    ]
    story += [Paragraph(line, body) for line in payment_lines(network)]
    story += [
        Spacer(0, 14 * mm),
        Paragraph(escape(network_name), right),
        Paragraph(escape(secretariat_name), _style("issuer", font=GOTHIC, size=12, alignment=TA_RIGHT)),
    ]
    document.build(story)
    return buffer.getvalue()
