from django import forms
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renkei.events.models import Event
from renkei.lib.dates import format_date
from renkei.lib.files import max_bytes
from renkei.news.models import Article

IMAGE_HELP = _("A photo: PNG, JPEG, GIF or WebP.")
RECENT_ARTICLES = 100
RECENT_EVENTS = 200


class ArticleFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Article.Kind.choices])


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Event) -> str:
        return f"{format_date(timezone.localdate(obj.starts_at))} {obj.title}"


class ArticleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Article.Kind.choices)
    title_ja = forms.CharField(label=pgettext_lazy("heading", "Title (Japanese)"), max_length=200)
    title_en = forms.CharField(
        label=_("Title (English)"), max_length=200, required=False, help_text=_("Empty: the Japanese is shown.")
    )
    summary_ja = forms.CharField(
        label=_("Summary (Japanese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences shown in lists, the feed and newsletters."),
    )
    summary_en = forms.CharField(label=_("Summary (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    body_ja = forms.CharField(
        label=_("Article (Japanese)"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **bold**, *italic*, lists, [links](https://…)."),
    )
    body_en = forms.CharField(
        label=_("Article (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Empty: the Japanese is shown."),
    )
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Article.Visibility.choices)
    published_at = forms.DateTimeField(
        label=_("Publication date and time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: now. A date in the future schedules the article."),
    )
    event = EventChoiceField(label=_("Event reported"), queryset=Event.objects.none(), required=False)
    lead_image = forms.FileField(label=_("Lead photo"), required=False, help_text=IMAGE_HELP)
    lead_alt_ja = forms.CharField(
        label=_("Lead photo description (Japanese)"),
        max_length=200,
        required=False,
        help_text=_("What the photo shows, for people who cannot see it. Required with a photo."),
    )
    lead_alt_en = forms.CharField(label=_("Lead photo description (English)"), max_length=200, required=False)
    lead_caption_ja = forms.CharField(label=_("Lead photo caption (Japanese)"), max_length=300, required=False)
    lead_caption_en = forms.CharField(label=_("Lead photo caption (English)"), max_length=300, required=False)
    remove_lead_image = forms.BooleanField(label=_("Remove the lead photo"), required=False)

    def __init__(self, *args, network, article: Article | None = None, **kwargs):
        if article is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(article, name) for name in self.base_fields if hasattr(article, name)},
                "published_at": timezone.localtime(article.published_at),
                "event": article.event_id,
            }
        super().__init__(*args, **kwargs)
        # The latest events (a network may hold thousands), and the one already reported.
        latest = list(
            Event.objects.filter(network=network)
            .order_by("-starts_at", "-id")
            .values_list("id", flat=True)[:RECENT_EVENTS]
        )
        if article is not None and article.event_id:
            latest.append(article.event_id)
        events = Event.objects.filter(network=network, id__in=latest).order_by("-starts_at", "-id")
        self.fields["event"].queryset = events  # type: ignore[attr-defined]
        if article is None or not article.lead_image:
            del self.fields["remove_lead_image"]

    def clean_lead_image(self):
        upload = self.cleaned_data.get("lead_image")
        if upload and upload.size > max_bytes():
            raise forms.ValidationError(
                _("Choose a photo of at most %(size)s."), code="too_large", params={"size": filesizeformat(max_bytes())}
            )
        return upload

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("remove_lead_image", None)
        return data


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"), help_text=IMAGE_HELP)
    alt_ja = forms.CharField(
        label=_("Description (Japanese)"),
        max_length=200,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    alt_en = forms.CharField(label=_("Description (English)"), max_length=200, required=False)
    caption_ja = forms.CharField(label=_("Caption (Japanese)"), max_length=300, required=False)
    caption_en = forms.CharField(label=_("Caption (English)"), max_length=300, required=False)


class ArticleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Article) -> str:
        return f"{format_date(timezone.localdate(obj.published_at))} [{obj.get_kind_display()}] {obj.title}"


class IssueForm(forms.Form):
    title_ja = forms.CharField(
        label=pgettext_lazy("heading", "Title (Japanese)"), max_length=200, help_text=_("For example: 2023年9月号")
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    introduction_ja = forms.CharField(
        label=_("Introduction (Japanese)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    introduction_en = forms.CharField(
        label=_("Introduction (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    articles = ArticleChoiceField(
        label=_("Articles"),
        queryset=Article.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("New articles go to the end of the issue; change the order below."),
    )

    def __init__(self, *args, network, issue=None, **kwargs):
        if issue is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title_ja": issue.title_ja,
                "title_en": issue.title_en,
                "introduction_ja": issue.introduction_ja,
                "introduction_en": issue.introduction_en,
                "articles": list(issue.items.values_list("article_id", flat=True)),
            }
        super().__init__(*args, **kwargs)
        # The latest articles, and those already in the issue, are what an issue is made of.
        recent = Article.objects.filter(network=network).order_by("-published_at", "-id").values("id")[:RECENT_ARTICLES]
        chosen = Article.objects.filter(issue_items__issue=issue).values("id") if issue is not None else []
        queryset = Article.objects.filter(network=network).filter(
            Q(id__in=list(recent.values_list("id", flat=True))) | Q(id__in=chosen)
        )
        self.fields["articles"].queryset = queryset.order_by("-published_at", "-id")


class SendForm(forms.Form):
    to_contacts = forms.BooleanField(label=_("Contacts of member organisations"), required=False)
    tiers = forms.ModelMultipleChoiceField(
        label=_("Only these tiers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every tier."),
    )
    to_subscribers = forms.BooleanField(label=_("Public subscribers"), required=False)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tiers"].queryset = network.tiers.all()  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        if not data.get("to_contacts") and not data.get("to_subscribers"):
            raise forms.ValidationError(_("Choose who receives the issue."), code="no_audience")
        return data


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
