"""A network's news: articles (お知らせ, 活動報告, メディア掲載), newsletter issues and who receives them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renkei.networks.models import Network, Tier


class ArticleQuerySet(models.QuerySet):
    def visible_to(self, user, *, now=None):
        """Articles this user may read: the one rule every news list, detail, feed, search and email uses.

        Nobody but the network's secretariat sees an article before its published date; public
        articles are for everyone, members' articles for staff of an active member or of the
        secretariat of the article's network.
        """
        now = now or timezone.now()
        if not user.is_authenticated:
            return self.filter(visibility=Article.Visibility.PUBLIC, published_at__lte=now)
        if user.is_superuser:
            return self
        open_networks = Network.objects.open_to(user).values("id")
        run_networks = Network.objects.with_secretariat_staff(user).values("id")
        readable = Q(visibility=Article.Visibility.PUBLIC) | Q(
            visibility=Article.Visibility.MEMBERS, network__in=open_networks
        )
        return self.filter(readable & (Q(published_at__lte=now) | Q(network__in=run_networks)))

    def public(self, *, now=None):
        """What anyone may read now (the feed, the sitemap): ``visible_to`` an anonymous visitor."""
        from django.contrib.auth.models import AnonymousUser

        return self.visible_to(AnonymousUser(), now=now)


def image_path(instance, filename: str) -> str:
    network_id = instance.network_id if isinstance(instance, Article) else instance.article.network_id
    return f"news/{network_id}/{timezone.now():%Y/%m}/{filename}"


class Article(models.Model):
    class Kind(models.TextChoices):
        NOTICE = "notice", pgettext_lazy("article kind", "Notice")
        REPORT = "report", _("Activity report")
        MEDIA = "media", _("Media coverage")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members of this network")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="articles", verbose_name=_("network"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTICE)
    title = models.CharField(_("title"), max_length=200)  # translated
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in lists, the feed and newsletters.")
    )  # translated
    body = models.TextField(
        _("body"), help_text=_("Markdown: **bold**, *italic*, lists, [links](https://…).")
    )  # translated
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    published_at = models.DateTimeField(
        _("published"), default=timezone.now, help_text=_("A date in the future schedules the article.")
    )
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_articles",
        verbose_name=_("event reported"),
    )
    lead_image = models.ImageField(_("lead photo"), upload_to=image_path, blank=True)
    lead_thumbnail = models.ImageField(_("lead photo thumbnail"), upload_to=image_path, blank=True, editable=False)
    lead_alt = models.CharField(_("lead photo description (alt text)"), max_length=200, blank=True)  # translated
    lead_caption = models.CharField(_("lead photo caption"), max_length=300, blank=True)  # translated
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["network", "-published_at", "-id"], name="article_list_idx"),
            models.Index(fields=["network", "kind", "-published_at", "-id"], name="article_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_scheduled(self, now=None) -> bool:
        return self.published_at > (now or timezone.now())


class Photo(models.Model):
    """One photo of an article's gallery, with the description screen readers read and a caption."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="photos", verbose_name=_("article"))
    image = models.ImageField(_("photo"), upload_to=image_path)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=image_path, blank=True)
    alt = models.CharField(_("description (alt text)"), max_length=200)  # translated
    caption = models.CharField(_("caption"), max_length=300, blank=True)  # translated
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.alt


class IssueQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Issues this user may open: sent issues for everyone, drafts only for the network's secretariat.

        The articles an issue shows are each filtered by ``Article.objects.visible_to`` as well.
        """
        sent = Q(status__in=[Issue.Status.SENDING, Issue.Status.SENT])
        if not user.is_authenticated:
            return self.filter(sent)
        if user.is_superuser:
            return self
        return self.filter(sent | Q(network__in=Network.objects.with_secretariat_staff(user).values("id")))


class Issue(models.Model):
    """A newsletter issue ("September 2023"): a title, an introduction and an ordered set of articles."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", pgettext_lazy("delivery status", "Sent")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="issues", verbose_name=_("network"))
    title = models.CharField(_("title"), max_length=200)  # translated
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))  # translated
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The audience, chosen when sending.
    to_contacts = models.BooleanField(_("member organisations' contacts"), default=False)
    tiers = models.ManyToManyField(Tier, blank=True, related_name="+", verbose_name=_("only these tiers"))
    to_subscribers = models.BooleanField(_("public subscribers"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # When every address of the audience had its Delivery row: sending can resume from those.
    prepared_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["network", "status", "-sent_at"], name="issue_list_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class IssueItem(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="issue_items")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["issue", "article"], name="issue_item_once")]


class Subscriber(models.Model):
    """A person who asked for a network's newsletter by email; confirmed through the emailed link."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="subscribers")
    email = models.EmailField(_("email"))  # lower case
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ja")
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(pgettext_lazy("date column", "confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [models.UniqueConstraint(fields=["network", "email"], name="subscriber_once")]
        indexes = [models.Index(fields=["network", "status"], name="subscriber_status_idx")]

    def __str__(self) -> str:
        return self.email


class Unsubscribe(models.Model):
    """An address that asked a network for no more newsletters, whether it came as a contact or a subscriber."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("email"))  # lower case
    created_at = models.DateTimeField(_("unsubscribed"), default=timezone.now)

    class Meta:
        verbose_name = _("unsubscribe")
        verbose_name_plural = _("unsubscribes")
        constraints = [models.UniqueConstraint(fields=["network", "email"], name="unsubscribe_once")]

    def __str__(self) -> str:
        return self.email


class Bounce(models.Model):
    """An address mail servers refuse: no newsletter goes to it again."""

    email = models.EmailField(_("email"), unique=True)  # lower case
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    count = models.PositiveIntegerField(_("bounces"), default=1)
    last_bounced_at = models.DateTimeField(_("last bounced"), default=timezone.now)

    class Meta:
        verbose_name = _("bounce")
        verbose_name_plural = _("bounces")

    def __str__(self) -> str:
        return self.email


class Delivery(models.Model):
    """One issue to one address: claimed before it is sent, marked sent once the server accepted it.

    A claim lasts RENKEI_CLAIM_LEASE from its last renewal (``claimed_at``): past it, the worker
    that held it is gone and the delivery waits again (news.sending).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        CLAIMED = "claimed", _("Being sent")
        SENT = "sent", pgettext_lazy("delivery status", "Sent")
        BOUNCED = "bounced", _("Refused by the mail server")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField()  # lower case
    language = models.CharField(max_length=8, default="ja")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["issue", "email"], name="delivery_once")]
        indexes = [
            models.Index(fields=["issue", "status", "id"], name="delivery_queue_idx"),
            models.Index(fields=["claim"], name="delivery_claim_idx", condition=~Q(claim="")),
        ]

    def __str__(self) -> str:
        return f"{self.issue} → {self.email}"
