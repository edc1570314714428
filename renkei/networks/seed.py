"""Demo invoices and applications for `make run`: what a secretariat finds waiting for it.

The alliance's full members (正会員) are invoiced for 令和7年度 (FY2025) and for the current
年度, most of the earlier year paid and half of the current one; a few municipalities named in the
seeds have applied and wait for a decision. Fees, dates and the applicants' contacts are demo
values. Written without emails: demo content is nobody's news. Running it again changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from renkei.lib.dates import fiscal_year
from renkei.lib.demo import DEMO_DOMAIN
from renkei.networks.models import Application, Invoice, Membership, Network
from renkei.networks.services import invoices_issue
from renkei.organisations.models import Organisation
from renkei.registry.models import LocalGovernment

# (network role, municipality, prefecture, tier order, contact's e-mail local part, days ago, message)
APPLICATIONS = [
    (
        "alliance",
        "丸亀市",
        "香川県",
        2,
        "marugame",
        6,
        "姉妹都市ヴィリッヒ市との交流の経験を、会員の皆さまと共有したいと考えています。",
    ),
    (
        "alliance",
        "多治見市",
        "岐阜県",
        1,
        "tajimi",
        3,
        "ラスター彩による国際交流の取組を通じて、地域の魅力を発信したいと考えています。",
    ),
    (
        "project",
        "宮津市",
        "京都府",
        2,
        "miyazu",
        9,
        "「海の京都」の自治体として、特別区の皆さまとの交流を始めたいと考えています。",
    ),
    (
        "project",
        "丸亀市",
        "香川県",
        2,
        "marugame",
        2,
        "区の施設での観光パンフレットの配架をお願いしたいと考えています。",
    ),
]


@transaction.atomic
def invoices_seed(network: Network) -> list[Invoice]:
    """Invoice ``network``'s paying members for FY2025 and the current 年度; mark most of them paid."""
    if Invoice.objects.filter(membership__network=network).exists():
        return []
    today = timezone.localdate()
    years = sorted({2025, fiscal_year(today)})
    issued = []
    for year in years:
        issued_on = min(datetime.date(year, 5, 1), today)
        invoices = invoices_issue(network=network, fiscal_year=year, issued_on=issued_on)
        # Every fifth FY2025 invoice is still unpaid, and half of the current year's.
        unpaid_every = 5 if year < years[-1] else 2
        for index, invoice in enumerate(invoices):
            if index % unpaid_every:
                invoice.paid_on = min(issued_on + datetime.timedelta(days=14 + index % 30), today)
        Invoice.objects.bulk_update(invoices, ["paid_on"])
        issued += invoices
    return issued


@transaction.atomic
def applications_seed(networks: dict[str, Network]) -> list[Application]:
    """Applications waiting for the secretariats' decision, from municipalities that are not members yet."""
    if Application.objects.exists():
        return []
    created = []
    for role, name, prefecture, tier_order, local, days_ago, message in APPLICATIONS:
        network = networks[role]
        government = LocalGovernment.objects.get(name=name, prefecture__name=prefecture)
        if Membership.objects.filter(network=network, organisation__local_government=government).exists():
            continue
        application = Application.objects.create(
            network=network,
            organisation_kind=Organisation.Kind.MUNICIPALITY,
            local_government=government,
            contact_name=f"デモ {name[:-1]}",
            department="企画政策課",
            email=f"{local}@{DEMO_DOMAIN}",
            phone="03-0000-0000",
            tier=network.tiers.get(order=tier_order),
            message=f"{message}（デモ用の申込です）",
            created_at=timezone.now() - datetime.timedelta(days=days_ago),
        )
        created.append(application)
    return created
