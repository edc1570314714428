"""Demo content for `make run` from the seed documents."""

import datetime

from django.utils import timezone

_POLICY_JA = """{desk}（以下「事務局」）は、お問い合わせフォームでお預かりする個人情報を、次のとおり取り扱います。

1. 利用目的
お名前、所属、メールアドレス、電話番号及びお問い合わせ内容は、お問い合わせ・取材依頼への回答と、その記録のためにのみ利用します。

2. 第三者への提供
法令に基づく場合を除き、ご本人の同意なく第三者に提供しません。取材依頼について会員自治体に確認する必要がある場合は、事前にご連絡します。

3. 保管
お預かりした個人情報は、事務局の職員だけが閲覧できる場所に保管し、回答後3年を経過したものは消去します。

4. お問い合わせ
個人情報の開示・訂正・削除のご請求は、このフォームからお寄せください。"""

_POLICY_EN = """{desk} (the "secretariat") handles the personal data you give in the inquiry form as follows.

1. Purpose
Your name, organisation, email address, phone number and message are used only to answer your inquiry
or media request and to keep a record of it.

2. Third parties
We do not give them to third parties without your consent, unless the law requires it.
Should a media request need a member municipality's confirmation, we tell you first.

3. Keeping
Only the secretariat's staff can read them. We delete them three years after our answer.

4. Requests
To see, correct or delete your data, write to us through this form."""


def inquiries_seed(networks: dict) -> None:
    """Add the demo content; ``networks`` holds "alliance", "project" and "clair"."""
    from renkei.inquiries.models import Inquiry, InquiryEntry, PrivacyPolicy
    from renkei.inquiries.services import inbox_settings_save, privacy_policy_publish
    from renkei.lib.dates import add_working_days

    for network in [*networks.values(), None]:
        desk_ja = network.name_ja if network else "Renkei運営事務局"
        desk_en = (network.name_en or network.name_ja) if network else "The Renkei team"
        privacy_policy_publish(
            network=network,
            body_ja=_POLICY_JA.format(desk=desk_ja),
            body_en=_POLICY_EN.format(desk=desk_en),
            author=None,
        )
    alliance, project = networks["alliance"], networks["project"]
    inbox_settings_save(network=alliance, reply_to="secretariat@demo.renkei.example", overdue_after=3)

    policies = {
        desk.pk if desk else None: policy
        for desk in (alliance, project, None)
        if (policy := PrivacyPolicy.objects.current(desk)) is not None
    }
    now = timezone.now()
    secretariat = alliance.secretariat.staff.select_related("user").first()

    def inquiry(network, days_ago: int, **fields) -> Inquiry:
        received = now - datetime.timedelta(days=days_ago)
        return Inquiry.objects.create(
            network=network,
            policy=policies[network.pk if network else None],
            created_at=received,
            due_on=add_working_days(timezone.localdate(received), 3),
            **fields,
        )

    # Demo senders: invented people at example addresses.
    inquiry(
        alliance,
        1,
        kind=Inquiry.Kind.MEDIA,
        name="デモ 記者",
        organisation="デモ新聞社",
        email="reporter@demo-shimbun.example",
        phone="06-0000-0000",
        outlet="デモ新聞 地域面",
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        wanted="首長TOP LIVEの趣旨と、これまでの回の参加者数について会長へのインタビュー（30分程度）",
        message=(
            "首長TOP LIVEの連載企画で、首長同士の対談の取り組みを紹介したいと考えています。"
            "取材をお願いできますでしょうか。"
        ),
    )
    # Two weeks and more ago: overdue whatever the holidays in between.
    late = inquiry(
        alliance,
        16,
        kind=Inquiry.Kind.MEMBERSHIP,
        name="デモ 市職員",
        organisation="デモ市 企画政策課",
        email="kikaku@demo-city.example",
        message="当市も日本首長連合への加入を検討しています。正会員と一般会員の違いと、年会費を教えてください。",
        status=Inquiry.Status.IN_PROGRESS,
        assignee=secretariat.user if secretariat else None,
    )
    InquiryEntry.objects.create(
        inquiry=late,
        kind=InquiryEntry.Kind.NOTE,
        author=secretariat.user if secretariat else None,
        body="会費規程の最新版を確認してから回答する。",
        created_at=now - datetime.timedelta(days=15),
    )
    inquiry(
        alliance,
        14,
        kind=Inquiry.Kind.PARTNERSHIP,
        name="デモ 担当",
        organisation="デモ地域企画株式会社",
        email="partner@demo-kikaku.example",
        message="防災備蓄の分野で会員自治体と連携したく、企業マッチングへの参加方法を伺いたいです。",
    )
    answered = inquiry(
        alliance,
        20,
        kind=Inquiry.Kind.GENERAL,
        name="Demo Visitor",
        email="visitor@demo.example",
        language="en",
        message="Will the LOCAL JAPAN exhibition travel abroad next year?",
        status=Inquiry.Status.ANSWERED,
        answered_at=now - datetime.timedelta(days=18),
    )
    InquiryEntry.objects.create(
        inquiry=answered,
        kind=InquiryEntry.Kind.REPLY,
        author=secretariat.user if secretariat else None,
        body=(
            "Thank you for your interest. The plans for next year are not fixed yet; we will announce them in our news."
        ),
        created_at=now - datetime.timedelta(days=18),
    )
    inquiry(
        project,
        6,
        kind=Inquiry.Kind.GENERAL,
        name="デモ 区民",
        email="resident@demo.example",
        message="全国連携講演会の資料は後日公開されますか。",
    )
    inquiry(
        None,
        2,
        kind=Inquiry.Kind.GENERAL,
        name="デモ 町職員",
        organisation="デモ町 総務課",
        email="soumu@demo-town.example",
        message="Renkeiに自治体として登録するにはどうすればよいですか。",
    )
