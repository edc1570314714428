"""Demo content for `make run`, from the seed documents.

Facts from the seeds (names, officers, figures, dates) are kept as they are. What the seeds do
not give — which further municipalities belong, fees, staff and their contacts — is demo
data: people are named デモ and their addresses end in @demo.renkei.example, and the site shows
a banner while RENKEI_DEMO is on.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from renkei.lib.audience import access_changed
from renkei.lib.demo import DEMO_DOMAIN, DEMO_PASSWORD, demo_user
from renkei.networks.models import Membership, Network, NetworkFigure, Officer, Tier
from renkei.organisations.models import Contact, Organisation, Staff
from renkei.organisations.services import organisation_for_government
from renkei.registry.models import LocalGovernment

__all__ = ["DEMO_DOMAIN", "DEMO_PASSWORD", "DEMO_SIGN_INS", "demo_activity", "load_demo"]


# 日本首長連合 役員一覧 (2026年1月8日現在), seed 001.
ALLIANCE_OFFICERS = [
    ("president", "澤井 宏文", "Sawai Hirofumi", "松原市", "大阪府"),
    ("acting_president", "田中 幹夫", "Tanaka Mikio", "南砺市", "富山県"),
    ("vice_president", "豊岡 武士", "Toyooka Takeshi", "三島市", "静岡県"),
    ("vice_president", "末松 則子", "Suematsu Noriko", "鈴鹿市", "三重県"),
    ("vice_president", "長内 繁樹", "Osanai Shigeki", "豊中市", "大阪府"),
    ("vice_president", "千代松 大耕", "Chiyomatsu Hiroyasu", "泉佐野市", "大阪府"),
    ("vice_president", "楠瀬 耕作", "Kusunose Kosaku", "須崎市", "高知県"),
    ("vice_president", "長野 恭紘", "Nagano Yasuhiro", "別府市", "大分県"),
    ("vice_president", "濱田 剛史", "Hamada Takeshi", "高槻市", "大阪府"),
    ("vice_president", "辻 宏康", "Tsuji Hiroyasu", "和泉市", "大阪府"),
    ("auditor", "高橋 邦芳", "Takahashi Kuniyoshi", "村上市", "新潟県"),
    ("auditor", "玉木 久登", "Tamaki Hisato", "有田市", "和歌山県"),
]
# 首長TOP LIVE speakers (第1回–第6回), seed 001: their municipalities take part in the alliance.
TOP_LIVE_MUNICIPALITIES = [
    ("蒲郡市", "愛知県"),
    ("延岡市", "宮崎県"),
    ("高野町", "和歌山県"),
    ("松原市", "大阪府"),
    ("泉大津市", "大阪府"),
    ("亀岡市", "京都府"),
]
# Registered members of the 23 wards' project that the demo's board posts come from.
PROJECT_MEMBERS = [("須崎市", "高知県"), ("亀岡市", "京都府"), ("南砺市", "富山県"), ("宇治市", "京都府")]
# Never filled in as members: the persona of a non-member, and the demo's applicants.
NOT_MEMBERS = [("釜石市", "岩手県"), ("丸亀市", "香川県"), ("多治見市", "岐阜県"), ("宮津市", "京都府")]
# Hosts of CLAIR's Local Government Exchange and Cooperation Seminar 2012–2018, seed 002.
CLAIR_HOSTS = [
    ("陸前高田市", "岩手県"),
    ("香川県", None),
    ("豊橋市", "愛知県"),
    ("豊田市", "愛知県"),
    ("岡山県", None),
    ("長崎県", None),
    ("宮城県", None),
    ("江北町", "佐賀県"),
    ("小松市", "石川県"),
    ("壱岐市", "長崎県"),
    ("北九州市", "福岡県"),
    ("兵庫県", None),
    ("静岡市", "静岡県"),
    ("東根市", "山形県"),
    ("鶴岡市", "山形県"),
    ("滋賀県", None),
    ("いわき市", "福島県"),
    ("京都府", None),
    ("宮崎県", None),
    ("益田市", "島根県"),
    ("豊岡市", "兵庫県"),
    ("大和高田市", "奈良県"),
    ("島根県", None),
    ("山梨県", None),
    ("ニセコ町", "北海道"),
    ("熊本市", "熊本県"),
    ("尼崎市", "兵庫県"),
    ("鹿児島県", None),
    ("富山県", None),
    ("坂出市", "香川県"),
    ("長野県", None),
    ("広島市", "広島県"),
    ("熊野町", "広島県"),
    ("鳥取県", None),
    ("徳島県", None),
    ("伊勢市", "三重県"),
    ("多気町", "三重県"),
    ("精華町", "京都府"),
    ("青森県", None),
    ("堺市", "大阪府"),
    ("愛知県", None),
]


def _government(name: str, prefecture: str | None) -> LocalGovernment:
    if prefecture is None:
        return LocalGovernment.objects.get(name=name, kind=LocalGovernment.Kind.PREFECTURE)
    return LocalGovernment.objects.get(name=name, prefecture__name=prefecture)


def _user(email_local: str, name: str, org: Organisation, role=Staff.Role.ADMIN):
    user = demo_user(email_local, name)
    Staff.objects.get_or_create(user=user, organisation=org, defaults={"role": role})
    return user


def _contact(org: Organisation, owner, name: str, department: str, title: str, email_local: str, confirmed):
    Contact.objects.get_or_create(
        organisation=org,
        email=f"{email_local}@{DEMO_DOMAIN}",
        defaults={
            "person_name": name,
            "department": department,
            "title": title,
            "phone": "03-0000-0000",
            "is_primary": True,
            "owner": owner,
            "last_confirmed_on": confirmed,
        },
    )


def _fill_members(network: Network, tier: Tier, exclude: set[str], count: int, rng: random.Random):
    """Add demo member municipalities until the network has ``count`` memberships."""
    have = set(network.memberships.values_list("organisation__local_government_id", flat=True))
    pool = list(LocalGovernment.objects.municipalities().exclude(code__in=exclude | have).order_by("code"))
    rng.shuffle(pool)
    needed = count - len(have)
    memberships = [
        Membership(
            network=network,
            organisation=organisation_for_government(lg),
            tier=tier,
            status=Membership.Status.ACTIVE,
            joined_on=datetime.date(2022, 4, 1) + datetime.timedelta(days=rng.randrange(1200)),
        )
        for lg in pool[: max(needed, 0)]
    ]
    # Hundreds of rows at once: a save each would mark the network changed hundreds of times.
    # Bulk writes send no signals, so the network and every kept audience are marked here.
    bulk_create_with_history(memberships, Membership)
    Network.objects.filter(pk=network.pk).touch()
    access_changed()


@transaction.atomic
def load_demo() -> None:
    rng = random.Random(2026)

    # 日本首長連合 (formerly 万博首長連合), seed 000 and 001.
    alliance_office = Organisation.objects.create(
        kind=Organisation.Kind.SECRETARIAT,
        name_ja="日本首長連合 事務局",
        name_en="Secretariat of the Mayoral Alliance for LOCAL JAPAN",
        name_kana="にっぽんしゅちょうれんごう じむきょく",
    )
    alliance = Network.objects.create(
        slug="nihon-shucho-rengo",
        kind=Network.Kind.ALLIANCE,
        name_ja="地方創生を通じて、日本の未来社会を創造する首長連合",
        name_en="Mayoral Alliance for Creating Japan's Future Society through Regional Revitalisation",
        short_name_ja="日本首長連合",
        short_name_en="Mayoral Alliance for LOCAL JAPAN",
        description_ja=(
            "越境して共創することで地方創生を牽引し、日本全体の発展を誘う。日本の基礎自治体の連合体として、"
            "各地域が国や企業、地域と連携、共創することで、地方創生を推進し、日本全体の発展を担う。"
            "旧称：万博首長連合（2021年11月8日設立）。"
        ),
        description_en=(
            "Leading regional revitalisation by co-creating across boundaries, for the growth of Japan as a whole. "
            "A coalition of mayors of cities, towns and villages across Japan; formerly the Mayoral Alliance for "
            "EXPO2025 (established 8 November 2021)."
        ),
        secretariat=alliance_office,
        established_on=datetime.date(2021, 11, 8),
    )
    full = Tier.objects.create(network=alliance, name_ja="正会員", name_en="Full member", annual_fee=30000, order=1)
    general = Tier.objects.create(network=alliance, name_ja="一般会員", name_en="General member", annual_fee=0, order=2)
    as_of = datetime.date(2026, 1, 8)
    NetworkFigure.objects.create(
        network=alliance,
        label_ja="参加自治体",
        label_en="Participating municipalities",
        value=664,
        unit_ja="団体",
        unit_en="",
        as_of=as_of,
        order=1,
    )
    NetworkFigure.objects.create(
        network=alliance,
        label_ja="うち正会員",
        label_en="of which full members",
        value=67,
        unit_ja="団体",
        unit_en="",
        as_of=as_of,
        order=2,
    )
    for order, (role, name, name_en, city, pref) in enumerate(ALLIANCE_OFFICERS):
        lg = _government(city, pref)
        org = organisation_for_government(lg)
        Officer.objects.create(
            network=alliance,
            role=role,
            person_name_ja=name,
            person_name_en=name_en,
            # 松原市 → 松原市長: the mayor's title is the municipality's name with 長.
            title_ja=f"{city}長",
            title_en=f"Mayor of {lg.name_en.rsplit(' ', 1)[0]}",
            organisation=org,
            term_start=datetime.date(2025, 4, 1),
            order=order,
        )
        Membership.objects.get_or_create(
            network=alliance,
            organisation=org,
            defaults={"tier": full, "status": Membership.Status.ACTIVE, "joined_on": datetime.date(2021, 11, 8)},
        )
    for city, pref in TOP_LIVE_MUNICIPALITIES:
        lg = _government(city, pref)
        Membership.objects.get_or_create(
            network=alliance,
            organisation=organisation_for_government(lg),
            defaults={"tier": full, "status": Membership.Status.ACTIVE, "joined_on": datetime.date(2022, 4, 1)},
        )
    tokyo_wards = set(LocalGovernment.objects.filter(kind="ward").values_list("code", flat=True))
    outside = {_government(name, pref).code for name, pref in NOT_MEMBERS}
    _fill_members(alliance, full, tokyo_wards | outside, 67, rng)
    _fill_members(alliance, general, tokyo_wards | outside, 664, rng)

    # 特別区全国連携プロジェクト, seed 003.
    wards_office = Organisation.objects.create(
        kind=Organisation.Kind.SECRETARIAT,
        name_ja="特別区長会事務局",
        name_en="Secretariat of the Special Ward Mayors' Association of Tokyo",
        name_kana="とくべつくちょうかいじむきょく",
    )
    project = Network.objects.create(
        slug="tokubetsuku-zenkoku-renkei",
        kind=Network.Kind.PROJECT,
        name_ja="特別区全国連携プロジェクト",
        name_en="Tokyo 23 Cities Nationwide Collaboration Project",
        short_name_ja="全国連携プロジェクト",
        short_name_en="Nationwide Collaboration Project",
        description_ja=(
            "東京を含む全国各地域とともに発展・成長し、共存共栄を図ることを目的に、産業、観光、文化、スポーツなど"
            "様々な分野で特別区（東京23区）と全国各地域が連携・交流事業を行う取り組みとして、平成26年9月に"
            "特別区長会が立ち上げたプロジェクトです。会員登録（無料）をした自治体は会員専用ホームページの掲示板を利用できます。"
        ),
        description_en=(
            "Launched by the Special Ward Mayors' Association in September 2014 so that the 23 special wards of Tokyo "
            "and regions across Japan grow together through collaboration and exchange in industry, tourism, culture "
            "and sport. Registered members (free) use the members' bulletin board."
        ),
        secretariat=wards_office,
        established_on=datetime.date(2014, 9, 1),
    )
    ward_tier = Tier.objects.create(network=project, name_ja="特別区", name_en="Special ward", annual_fee=0, order=1)
    member_tier = Tier.objects.create(
        network=project, name_ja="登録自治体", name_en="Registered member", annual_fee=0, order=2
    )
    NetworkFigure.objects.create(
        network=project,
        label_ja="会員登録数",
        label_en="Registered members",
        value=390,
        unit_ja="自治体・団体超",
        unit_en="+",
        as_of=datetime.date(2025, 8, 12),
        order=1,
    )
    for lg in LocalGovernment.objects.filter(kind="ward").order_by("code"):
        Membership.objects.create(
            network=project,
            organisation=organisation_for_government(lg),
            tier=ward_tier,
            status=Membership.Status.ACTIVE,
            joined_on=datetime.date(2014, 9, 1),
        )
    shinjuku = organisation_for_government(_government("新宿区", "東京都"))
    Officer.objects.create(
        network=project,
        role="president",
        person_name_ja="吉住 健一",
        person_name_en="Yoshizumi Kenichi",
        title_ja="特別区長会会長（新宿区長）",
        title_en="Chair of the Special Ward Mayors' Association (Mayor of Shinjuku City)",
        organisation=shinjuku,
        order=0,
    )
    nagaokakyo = organisation_for_government(_government("長岡京市", "京都府"))
    Membership.objects.create(
        network=project,
        organisation=nagaokakyo,
        tier=member_tier,
        status=Membership.Status.ACTIVE,
        joined_on=datetime.date(2016, 4, 1),
    )
    for name, pref in PROJECT_MEMBERS:
        Membership.objects.get_or_create(
            network=project,
            organisation=organisation_for_government(_government(name, pref)),
            defaults={"tier": member_tier, "status": Membership.Status.ACTIVE, "joined_on": datetime.date(2019, 4, 1)},
        )
    _fill_members(project, member_tier, outside, 120, rng)

    # CLAIR's Local Government Exchange and Cooperation Seminar, seed 002.
    clair = Organisation.objects.create(
        kind=Organisation.Kind.ASSOCIATION,
        name_ja="一般財団法人自治体国際化協会（クレア）",
        name_en="Council of Local Authorities for International Relations (CLAIR)",
        name_kana="じちたいこくさいかきょうかい",
    )
    seminar = Network.objects.create(
        slug="clair-exchange-seminar",
        kind=Network.Kind.PROGRAMME,
        name_ja="自治体間交流協力セミナー",
        name_en="Local Government Exchange and Cooperation Seminar",
        description_ja=(
            "CLAIRの海外事務所が海外の地方自治体職員を日本に招へいし、日本の都市や地域の現状と課題を学ぶ年次プログラム。"
            "日本と海外の自治体の相互理解と効果的なネットワークづくりを進めます。"
        ),
        description_en=(
            "An annual programme to promote mutual understanding and forge an effective network between Japanese and "
            "overseas local governments. CLAIR's overseas offices invite overseas local government officials to visit "
            "Japan to learn about the current situation and issues related to Japan's cities and regions."
        ),
        secretariat=clair,
        accepts_applications=False,
    )
    host_tier = Tier.objects.create(network=seminar, name_ja="受入自治体", name_en="Hosting local government", order=1)
    for host, host_prefecture in CLAIR_HOSTS:
        Membership.objects.get_or_create(
            network=seminar,
            organisation=organisation_for_government(_government(host, host_prefecture)),
            defaults={"tier": host_tier, "status": Membership.Status.ACTIVE},
        )

    # Companies named in the seeds.
    Organisation.objects.create(
        kind=Organisation.Kind.COMPANY,
        name_ja="三井住友海上火災保険株式会社",
        name_en="Mitsui Sumitomo Insurance Co., Ltd.",
        name_kana="みついすみともかいじょうかさいほけん",
    )

    # Demo people: one per persona, each with a contact of their organisation.
    last_april = datetime.date(2025, 6, 1)
    sec = _user("secretariat", "デモ 事務局", alliance_office)
    _contact(alliance_office, sec, "デモ 事務局", "事務局", "事務局長", "secretariat", last_april)
    wards = _user("wards", "デモ 特別区", wards_office)
    _contact(wards_office, wards, "デモ 特別区", "調査第1課", "全国連携プロジェクト担当", "wards", last_april)
    matsubara = organisation_for_government(_government("松原市", "大阪府"))
    alice = _user("matsubara", "デモ 松原", matsubara)
    _contact(matsubara, alice, "デモ 松原", "市長公室 政策推進課", "主査", "matsubara", last_april)
    nanto = organisation_for_government(_government("南砺市", "富山県"))
    bob = _user("nanto", "デモ 南砺", nanto)
    _contact(nanto, bob, "デモ 南砺", "ブランド戦略部", "係長", "nanto", None)
    kamaishi = organisation_for_government(_government("釜石市", "岩手県"))
    charlie = _user("kamaishi", "デモ 釜石", kamaishi)
    _contact(kamaishi, charlie, "デモ 釜石", "国際交流課", "主任", "kamaishi", last_april)
    ward_member = _user("nagaokakyo", "デモ 長岡京", nagaokakyo)
    _contact(nagaokakyo, ward_member, "デモ 長岡京", "環境経済部 商工観光課", "主事", "nagaokakyo", last_april)
    company = Organisation.objects.create(
        kind=Organisation.Kind.COMPANY,
        name_ja="デモ地域企画株式会社",
        name_en="Demo Regional Planning Co., Ltd.",
        name_kana="でもちいききかく",
    )
    dave = _user("company", "デモ 企業", company)
    _contact(company, dave, "デモ 企業", "地域共創部", "部長", "company", last_april)
    superuser = get_user_model().objects.filter(email=f"admin@{DEMO_DOMAIN}").first()
    if superuser is None:
        get_user_model().objects.create_superuser(f"admin@{DEMO_DOMAIN}", DEMO_PASSWORD, name="デモ 管理者")

    # The seeds' events: 首長TOP LIVE, lectures, exhibitions, CLAIR's seminars, the study tour.
    from renkei.events.seed import events_seed

    events_seed({"alliance": alliance, "project": project, "clair": seminar})
    _upcoming_demo_events(alliance, project)

    from renkei.inquiries.seed import inquiries_seed
    from renkei.matching.seed import matching_seed
    from renkei.news.seed import news_seed
    from renkei.partnerships.seed import partnerships_seed

    networks = {"alliance": alliance, "project": project, "clair": seminar}
    partnerships_seed(networks)
    news_seed(networks)
    inquiries_seed(networks)
    matching_seed(networks)
    demo_activity({**networks, "mofa": Network.objects.get(slug="mofa-glocal")})


def demo_activity(networks: dict[str, Network]) -> None:
    """What a secretariat and its members find after weeks of use: boards, invoices, relays, anniversaries.

    ``networks`` by role: "alliance", "project", "clair", "mofa". Each part is written once;
    calling this again changes nothing.
    """
    from renkei.board.seed import board_seed
    from renkei.events.demo_seed import co_creation_seminars_seed, exhibitors_seed
    from renkei.matching.programmes_seed import programmes_seed
    from renkei.networks.seed import applications_seed, invoices_seed
    from renkei.networks.services import themes_create_defaults
    from renkei.partnerships.anniversaries_seed import anniversaries_seed

    alliance = networks["alliance"]
    board_seed(networks)
    invoices_seed(alliance)
    applications_seed(networks)
    programmes_seed(alliance)
    anniversaries_seed()
    officers = [(city, pref) for _role, _name, _en, city, pref in ALLIANCE_OFFICERS]
    exhibitors_seed(alliance, officers + TOP_LIVE_MUNICIPALITIES)
    themes_create_defaults(alliance)
    co_creation_seminars_seed(alliance)


def _upcoming_demo_events(alliance, project) -> None:
    """Two events after the day the demo is built, so registering, the waiting list and tickets can be tried.

    The seeds' events are all past; these are demo values, named as such.
    """
    from renkei.events.models import Event, Series
    from renkei.events.services import event_create

    today = timezone.localdate()

    def at(days: int, hour: int) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour))
        )

    top_live = Series.objects.filter(network=alliance).first()
    event_create(
        network=alliance,
        created_by=None,
        series=top_live,
        kind=Event.Kind.TALK_SESSION,
        title_ja="【デモ】首長TOP LIVE 次回配信",
        title_en="[Demo] Mayors' TOP LIVE: the next session",
        summary_ja="デモ用のイベントです。会員自治体の首長が地域の取組を紹介します。",
        summary_en="A demo event: a mayor of a member municipality presents their work.",
        starts_at=at(21, 15),
        ends_at=at(21, 16),
        format=Event.Format.ONLINE,
        online_url="https://example.com/demo-live",
        registration_open_to=Event.OpenTo.ANYONE,
        capacity=100,
        fee_ja="無料",
        fee_en="Free",
    )
    event_create(
        network=project,
        created_by=None,
        kind=Event.Kind.EXCHANGE_MEETING,
        title_ja="【デモ】特別区 職員交流会",
        title_en="[Demo] Exchange meeting of the special wards' staff",
        summary_ja="デモ用のイベントです。定員2名のため、3人目からはキャンセル待ちになります。",
        summary_en="A demo event with two seats: the third person to register joins the waiting list.",
        starts_at=at(42, 10),
        ends_at=at(42, 12),
        format=Event.Format.IN_PERSON,
        venue_ja="ECOM駿河台",
        venue_en="ECOM Surugadai",
        registration_open_to=Event.OpenTo.SIGNED_IN,
        capacity=2,
    )


DEMO_SIGN_INS = [
    ("secretariat", "日本首長連合 事務局 / alliance secretariat (two-factor required)"),
    ("wards", "特別区長会事務局 / secretariat of the Tokyo 23 wards project"),
    ("matsubara", "松原市 (member) / member municipality staff"),
    ("nanto", "南砺市 (member) / fellow member staff"),
    ("nagaokakyo", "長岡京市 (member of the 23 wards' project) / registered municipality"),
    ("kamaishi", "釜石市 (not a member) / another municipality's staff"),
    ("company", "デモ地域企画株式会社 / company staff"),
    ("admin", "Django admin (superuser, two-factor required)"),
]
