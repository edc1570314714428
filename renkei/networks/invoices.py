"""Fee invoices (請求書) as PDF, in Japanese, with reportlab's built-in Japanese CID fonts.

CID fonts are not embedded in the file: every PDF reader in Japan carries them, and the
invoice stays a few kilobytes and needs no font file in the project.
"""

import io

from django.utils import translation
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from renkei.lib.dates import fiscal_year_label, format_date
from renkei.networks.models import Invoice

GOTHIC = "HeiseiKakuGo-W5"
MINCHO = "HeiseiMin-W3"


def _register_fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    for name in (GOTHIC, MINCHO):
        if name not in registered:
            pdfmetrics.registerFont(UnicodeCIDFont(name))


def _style(name: str, *, font: str = MINCHO, size: float = 10.5, **extra) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.6, wordWrap="CJK", **extra)


def yen(amount: int) -> str:
    return f"¥{amount:,}"


def invoice_item(invoice: Invoice) -> str:
    """The invoice's one line, e.g. 令和7年度 年会費（正会員）."""
    with translation.override("ja"):
        return f"{fiscal_year_label(invoice.fiscal_year)} 年会費（{invoice.tier_name}）"


def invoice_pdf(invoice: Invoice) -> bytes:
    """Render one invoice as an A4 PDF in Japanese and return its bytes.

    ``invoice`` should come with membership__organisation and membership__network__secretariat
    selected.
    """
    _register_fonts()
    membership = invoice.membership
    organisation = membership.organisation
    network = membership.network
    with translation.override("ja"):
        issued = format_date(invoice.issued_on)
        due = format_date(invoice.due_on)
        item = invoice_item(invoice)
    network_name = network.name_ja or network.name
    secretariat_name = network.secretariat.name_ja or network.secretariat.name

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"請求書 {invoice.number}",
        author=secretariat_name,
        subject=item,
    )
    width = A4[0] - 40 * mm
    body = _style("body")
    right = _style("right", alignment=TA_RIGHT)
    story = [
        Paragraph("請求書", _style("title", font=GOTHIC, size=22, alignment=TA_CENTER)),
        Spacer(0, 6 * mm),
        Paragraph(f"請求書番号：{invoice.number}", right),
        Paragraph(f"発行日：{issued}", right),
        Spacer(0, 6 * mm),
    ]
    addressee = Table(
        [[Paragraph(f"{organisation.name_ja or organisation.name}　御中", _style("to", font=GOTHIC, size=15))]],
        colWidths=[width * 0.6],
        style=TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.8, colors.black), ("LEFTPADDING", (0, 0), (-1, -1), 0)]),
        hAlign="LEFT",
    )
    story += [
        addressee,
        Spacer(0, 6 * mm),
        Paragraph(f"{network_name}の年会費を、下記のとおりご請求申し上げます。", body),
        Spacer(0, 6 * mm),
    ]
    total = Table(
        [[Paragraph("ご請求金額", _style("total-label", font=GOTHIC, size=12)),
          Paragraph(f"{invoice.amount:,}円", _style("total", font=GOTHIC, size=18, alignment=TA_RIGHT))]],
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
    lines = Table(
        [
            [Paragraph("品目", header), Paragraph("数量", header), Paragraph("金額", header)],
            [Paragraph(item, body), Paragraph("1", right), Paragraph(yen(invoice.amount), right)],
            [Paragraph("合計", header), "", Paragraph(yen(invoice.amount), _style("sum", font=GOTHIC,
                                                                                    alignment=TA_RIGHT))],
        ],
        colWidths=[width * 0.6, width * 0.12, width * 0.28],
        style=TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#666666")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f8")),
            ("SPAN", (0, 2), (1, 2)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]),
    )  # fmt: skip
    story += [
        lines,
        Spacer(0, 8 * mm),
        Paragraph(f"お支払期限：{due}", _style("due", font=GOTHIC, size=11)),
        Paragraph("お振込先は別途ご案内いたします。振込手数料は貴団体にてご負担ください。", body),
        Spacer(0, 14 * mm),
        Paragraph(network_name, right),
        Paragraph(secretariat_name, _style("issuer", font=GOTHIC, size=12, alignment=TA_RIGHT)),
    ]
    document.build(story)
    return buffer.getvalue()
