# ruff: noqa: E501 -- the seeds' prose stays one paragraph a line, as in the source documents.
"""Demo content for `make run` from the seed documents: articles of the alliance and the project,
and MOFA's Monthly Glocal News of September 2023 as a newsletter issue. Running it again changes nothing."""

import datetime

from django.db import transaction
from django.utils import timezone

from renkei.networks.models import Network
from renkei.news.models import Article, Issue, IssueItem
from renkei.news.services import article_create

REPORT, NOTICE, MEDIA = Article.Kind.REPORT, Article.Kind.NOTICE, Article.Kind.MEDIA
PUBLIC, MEMBERS = Article.Visibility.PUBLIC, Article.Visibility.MEMBERS


def _at(day: str, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour)))


def _event(network: Network, title_start: str):
    from renkei.events.models import Event

    return Event.objects.filter(network=network, title_ja__startswith=title_start).order_by("starts_at").first()


ALLIANCE = [
    {
        "kind": REPORT,
        "event": "首長TOP LIVE 第4回",
        "published_at": "2025-01-24",
        "title_ja": "首長TOP LIVE 第4回（松原市）を開催しました",
        "title_en": "Mayors' TOP LIVE No. 4 (Matsubara City) was held",
        "summary_ja": "澤井 宏文 松原市長が、地域課題に取り組む先進事例をオンラインで紹介しました。",
        "summary_en": "Mayor Hirofumi Sawai of Matsubara City presented the city's leading practice online.",
        "body_ja": (
            "首長自らが全国に向けて先進事例を紹介するスペシャルトークセッション「首長TOP LIVE」の第4回を開催し、"
            "澤井 宏文 松原市長にご登壇いただきました。自治体（首長〜担当課の皆様）から民間企業の皆様まで、"
            "無料でご参加いただけます。\n\n"
            "### 参加者アンケートのコメント（抜粋）\n\n"
            "- 先進的な取組を首長ご本人から聞くことができる貴重な機会。\n"
            "- 当事者が登壇し、具体的な取り組み事例を説明されるので、自分たちの取組みの参考になります。\n"
            "- 首長の生の声、声のトーン等で施策に取り組まれる姿勢を強く感じることができた。\n\n"
            "首長との直接的な意見交換の時間がもっと欲しい、との声を受け、質疑応答を拡大するなど、"
            "運営方法の改善を検討しています。"
        ),
        "body_en": (
            "In the fourth session of Mayors' TOP LIVE, a talk session in which mayors present leading practice "
            "to the whole country, Mayor Hirofumi Sawai of Matsubara City spoke. Participation is free for "
            "local governments and companies alike.\n\n"
            "Participants asked for more time to exchange views with the mayors directly; we are extending the "
            "questions and answers."
        ),
    },
    {
        "kind": REPORT,
        "event": "LOCAL JAPAN展",
        "published_at": "2025-08-01",
        "title_ja": "LOCAL JAPAN展を開催しました（2025年7月28日〜31日）",
        "title_en": "The LOCAL JAPAN Exhibition was held (28–31 July 2025)",
        "summary_ja": "東北から沖縄まで43の参加自治体が、地域の生活、文化、歴史、技術を発信しました。",
        "summary_en": "43 participating municipalities from Tohoku to Okinawa showed their regions' ways of life, culture and skills.",
        "body_ja": (
            "2025年7月28日から31日まで、LOCAL JAPAN展を開催しました。東北から沖縄まで43の参加自治体（地域）と、"
            "全国の会員自治体が連携し、地域を通じて日本の魅力を発信しました。\n\n"
            "共通の想いを持つ地域同士が広域で「共創」しあうことで、新たな価値創造の機会となりました。"
            "今後も「共創」という考え方や取組を万博のレガシーとして引き継いでまいります。"
        ),
        "body_en": (
            "From 28 to 31 July 2025 the LOCAL JAPAN Exhibition was held. 43 participating municipalities, from "
            "Tohoku to Okinawa, and member municipalities nationwide promoted Japan's allure through its regions."
        ),
    },
    {
        "kind": NOTICE,
        "published_at": "2026-01-08",
        "title_ja": "参加自治体が664団体になりました（うち正会員67団体）",
        "title_en": "664 municipalities now take part (67 of them full members)",
        "summary_ja": "2026年1月8日現在の参加自治体数です。",
        "summary_en": "The number of participating municipalities as of 8 January 2026.",
        "body_ja": (
            "2026年1月8日現在、日本首長連合の参加自治体は664団体（うち、正会員67団体）となりました。\n\n"
            "会長 澤井 宏文 松原市長、会長代行 田中 幹夫 南砺市長をはじめ、役員一同、"
            "国が推進する政策や事業と会員自治体とのハブ機能を担ってまいります。"
        ),
        "body_en": "As of 8 January 2026, 664 municipalities take part in the alliance, 67 of them as full members.",
    },
    {
        "kind": NOTICE,
        "visibility": MEMBERS,
        "published_at": "2026-01-09",
        "title_ja": "【会員の皆さまへ】国省庁事業・国際イベントへの参加機会のご案内",
        "title_en": "For members: joining national programmes and international events",
        "summary_ja": "国省庁が実施する事業やイベントへの会員自治体の参加を支援します。",
        "body_ja": (
            "国省庁が実施する事業やイベントへの会員自治体の参加機会を提供し、支援しています"
            "（花博、経済産業省、文化庁、観光庁など）。\n\n"
            "2027年ベオグラード国際博覧会、2030年リヤド万博などの国際的なイベントへの連携についても、"
            "ご関心のある自治体は事務局までお問い合わせください。"
        ),
    },
]

PROJECT = [
    {
        "kind": REPORT,
        "event": "令和7年度 第1回全国連携講演会",
        "published_at": "2025-08-19",
        "title_ja": "令和7年度第1回全国連携講演会を開催しました",
        "title_en": "The first nationwide collaboration lecture of FY2025 was held",
        "summary_ja": "「京都における観光地域づくりと、京都府市町村・特別区の自治体間連携への期待」をテーマに、講演と対談を行いました。",
        "summary_en": "A lecture and a dialogue on tourism in Kyoto and collaboration between Kyoto's municipalities and the special wards.",
        "body_ja": (
            "令和7年8月12日、特別区職員研修所9階交流スペースにおいて、令和7年度第1回全国連携講演会を開催しました。\n\n"
            "第1部の講演「京都における観光地域づくり」では、中小路 健吾 京都府市長会会長（長岡京市長）と"
            "海の京都DMO、森の京都DMO、お茶の京都DMOの皆さまが、各エリアの自治体と取組を紹介しました。\n\n"
            "第2部では、吉住 健一 特別区長会会長（新宿区長）との対談「京都府市町村・特別区の自治体間連携への期待」を行い、"
            "それぞれの自治体の魅力を共有・発信し合い、関係人口を増やしていくことの意義が語られました。"
        ),
        "body_en": (
            "On 12 August 2025 the first nationwide collaboration lecture of the fiscal year was held at the "
            "special wards' staff training institute: a lecture on tourism in Kyoto's four areas, then a "
            "dialogue between Mayor Kengo Nakakoji of Nagaokakyo and Mayor Kenichi Yoshizumi of Shinjuku."
        ),
    },
    {
        "kind": REPORT,
        "event": "10周年活動紹介パネル展",
        "published_at": "2025-06-23",
        "title_ja": "10周年活動紹介パネル展を開催しました（ECOM駿河台）",
        "title_en": "The 10th-anniversary panel exhibition was held at ECOM Surugadai",
        "summary_ja": "令和7年5月12日から6月20日まで、プロジェクト10年のあゆみをパネルで紹介しました。",
        "summary_en": "From 12 May to 20 June 2025, panels showed ten years of the project.",
        "body_ja": (
            "特別区全国連携プロジェクト発足から10年を迎え、より一層住民の目に触れる機会を創出するため、"
            "巡回展示によるパネル展を実施しました。\n\n"
            "- 展示期間：令和7年5月12日（月）〜6月20日（金）\n"
            "- 会場：ECOM駿河台\n"
            "- 展示内容：プロジェクト10年のあゆみ、23区と各地域の連携実績及び成果、被災地への特別区の対応"
        ),
    },
    {
        "kind": NOTICE,
        "published_at": "2025-09-01",
        "title_ja": "全国連携プロジェクトの会員登録数が390を突破しました",
        "title_en": "More than 390 municipalities have registered with the project",
        "summary_ja": "会員専用ホームページ（登録・利用料無料）の会員登録数が390を超えました。",
        "summary_en": "Over 390 local governments and bodies have registered for the members' site (free).",
        "body_ja": (
            "特別区全国連携プロジェクトでは、「会員登録」を行った自治体が利用できる「会員専用ホームページ」"
            "（登録・利用料無料）があります。このたび、会員登録数が390を突破しました。\n\n"
            "東京23区との連携・交流事業の実現に向け、ぜひ会員登録をご検討ください。"
        ),
    },
    {
        "kind": NOTICE,
        "visibility": MEMBERS,
        "published_at": "2025-09-02",
        "title_ja": "【登録自治体の皆さまへ】担当者・連絡先の更新のお願い",
        "title_en": "To registered municipalities: please keep your contacts current",
        "summary_ja": "担当者や担当部署、アドレス等に変更が生じた場合は、登録情報の修正をお願いします。",
        "body_ja": (
            "会員用ホームページを効果的にご活用いただくために、担当者や担当部署、アドレス等に変更が生じた場合は"
            "登録情報の修正にご協力いただきますようお願いいたします。"
        ),
    },
    {
        "kind": MEDIA,
        "published_at": "2025-10-01",
        "title_ja": "広報紙「全国連携NEWS」に中小路 健吾 京都府市長会会長の寄稿を掲載",
        "title_en": "Mayor Kengo Nakakoji's contribution in the project's newsletter",
        "summary_ja": "「京都府市町村・特別区の自治体間連携への期待」と題し、講演会での対談を振り返っていただきました。",
        "body_ja": (
            "広報紙「全国連携NEWS」に、中小路 健吾 京都府市長会会長（長岡京市長）の寄稿を掲載しました。\n\n"
            "「特別区全国連携プロジェクトを通して、お互いの情報発信を行い、観光等で地方を知り、何かを感じ取る。"
            "こうした機会をつくっていくことで、今後の関係人口が増加していくことを期待しています。」"
        ),
    },
]

# MOFA's Monthly Glocal News, September 2023 (seed 004), as a newsletter issue of MOFA's network.
GLOCAL = [
    {
        "kind": REPORT,
        "published_at": "2023-09-01",
        "title_ja": "ドイツ・ヴィリッヒ市と香川県丸亀市の姉妹都市提携",
        "title_en": "Sister city relationship between Willich, Germany and Marugame, Kagawa Prefecture",
        "summary_ja": "本年7月、ノルトライン＝ヴェストファーレン州ヴィリッヒ市と丸亀市が姉妹都市提携を結び、学生・市民レベルの交流を重ねています。",
        "summary_en": (
            "In July of this year, the City of Willich in North Rhine-Westphalia, Germany, and the City of "
            "Marugame in Kagawa Prefecture established a Sister City relationship."
        ),
        "body_ja": "本年7月、ドイツ・ノルトライン＝ヴェストファーレン州のヴィリッヒ市と香川県丸亀市が姉妹都市提携を結びました。以来、両市は学生・市民レベルの交流を通じて友好関係を築いています。",
        "body_en": (
            "In July of this year, the City of Willich in North Rhine-Westphalia, Germany, and the City of "
            "Marugame in Kagawa Prefecture established a Sister City relationship. Since then, the two cities "
            "have been building a friendly relationship through exchanges at the student and citizen levels."
        ),
    },
    {
        "kind": REPORT,
        "published_at": "2023-09-01",
        "title_ja": "姉妹都市30周年のレガシー：ラベンダーでつながる釜石市とディーニュ・レ・バン市",
        "title_en": "Legacy of the 30th anniversary: Kamaishi and Digne-les-Bains, linked by lavender",
        "summary_ja": "来年姉妹都市提携30周年を迎える両市は、ロクシタンジャポン株式会社などの協力を得て、ラベンダーを通じた交流を続けています。",
        "summary_en": (
            "Kamaishi City and Digne-les-Bains City will celebrate the 30th anniversary of their Sister City "
            "relationship next year, continuing their exchange through lavender."
        ),
        "body_ja": "岩手県釜石市とフランスのディーニュ・レ・バン市は、来年姉妹都市提携30周年を迎えます。提携当初から、ロクシタンジャポン株式会社をはじめとする企業の協力を得て、ラベンダーを通じた交流を続けています。",
        "body_en": (
            "Kamaishi City and Digne-les-Bains City will celebrate the 30th anniversary of their Sister City "
            "relationship next year. Since the beginning of this relationship, both cities have continued their "
            "exchange through lavender in cooperation with several companies, including L'OCCITANE JAPON K.K."
        ),
    },
    {
        "kind": REPORT,
        "event": "北九州市 外交団視察ツアー",
        "published_at": "2023-09-01",
        "title_ja": "北九州市で外交団視察ツアーを実施",
        "title_en": "Diplomat's Study Tour in the City of Kitakyushu",
        "summary_ja": "7月18日・19日、8か国の大使等10名が北九州市の歴史、文化、食、産業に触れました。",
        "summary_en": "On 18 and 19 July, 10 participants from 8 countries visited Kitakyushu.",
        "body_ja": "7月18日・19日、外務省は北九州市と共に外交団視察ツアーを実施しました。大使をはじめ8か国10名の参加者が様々な施設を訪れ、歴史、文化、食、地場産品、産業など地域の魅力に触れました。",
        "body_en": (
            "On July 18 and 19, the Ministry of Foreign Affairs of Japan conducted Diplomat's Study Tour together "
            "with the City of Kitakyushu. 10 participants including Ambassadors and other representatives from 8 "
            "countries visited various sites and facilities."
        ),
    },
    {
        "kind": REPORT,
        "published_at": "2023-09-01",
        "title_ja": "日本とオーストラリア・クイーンズランド州の関係拡大：パラシェ州首相が大阪を訪問",
        "title_en": "Expanding the relationship between Japan and Queensland: Premier Palaszczuk visits Osaka",
        "summary_ja": "7月、パラシェ州首相が来日し、吉村 洋文 大阪府知事と貿易、投資、文化、教育での関係拡大について意見交換しました。",
        "summary_en": "In July, Premier Palaszczuk exchanged views with Governor Yoshimura of Osaka Prefecture.",
        "body_ja": "7月、パラシェ・クイーンズランド州首相が来日し、大阪で吉村 洋文 大阪府知事と貿易、投資、文化、教育の分野での関係拡大の可能性について意見交換しました。",
        "body_en": (
            "In July, Premier Palaszczuk visited Japan. In Osaka, she exchanged views with Governor Yoshimura of "
            "Osaka Prefecture about the possibilities of expansion of relationships in trade, investment, "
            "culture and education."
        ),
    },
]


def _articles(network: Network, rows: list[dict]) -> list[Article]:
    articles = []
    for row in rows:
        existing = Article.objects.filter(network=network, title_ja=row["title_ja"]).first()
        if existing:
            articles.append(existing)
            continue
        fields = {key: value for key, value in row.items() if key not in ("event", "published_at")}
        fields.setdefault("visibility", PUBLIC)
        event = _event(network, row["event"]) if "event" in row else None
        articles.append(
            article_create(network=network, author=None, event=event, published_at=_at(row["published_at"]), **fields)
        )
    return articles


@transaction.atomic
def news_seed(networks: dict) -> None:
    """Add the demo content; ``networks`` holds "alliance", "project" and "clair"."""
    from renkei.events.seed import mofa_network

    _articles(networks["alliance"], ALLIANCE)
    _articles(networks["project"], PROJECT)
    mofa = networks.get("mofa") or mofa_network()
    glocal = _articles(mofa, GLOCAL)
    if not Issue.objects.filter(network=mofa, title_ja="Monthly Glocal News 2023年9月号").exists():
        issue = Issue.objects.create(
            network=mofa,
            title="Monthly Glocal News 2023年9月号",
            title_ja="Monthly Glocal News 2023年9月号",
            title_en="Monthly Glocal News — September 2023",
            introduction="外務省 地方連携推進室が、姉妹都市交流や外交団の視察など、地方と世界をつなぐ取組をお伝えします。",
            introduction_ja="外務省 地方連携推進室が、姉妹都市交流や外交団の視察など、地方と世界をつなぐ取組をお伝えします。",
            introduction_en="Local Partnership Cooperation Division, Ministry of Foreign Affairs of Japan.",
            # Sent before Renkei: its page is public, and nobody is emailed by the demo.
            status=Issue.Status.SENT,
            sent_at=_at("2023-09-01"),
            finished_at=_at("2023-09-01"),
            prepared_at=_at("2023-09-01"),
        )
        IssueItem.objects.bulk_create(
            IssueItem(issue=issue, article=article, order=index) for index, article in enumerate(glocal, start=1)
        )
