"""Japan's local governments (全国地方公共団体) and overseas local governments."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from renkei.lib import generations
from renkei.lib.japanese import normalise
from renkei.registry.regions import Region

# The generation of the registry: what is kept of its pages and answers reads it.
SCOPE = "registry"


def registry_version() -> str:
    """The registry's current generation, for the fragments its templates keep."""
    return generations.read(SCOPE)[0]


def registry_changed() -> None:
    """Bump the registry's generation (a save, or a load of the registry in bulk), so pages show a change at once."""
    generations.bump(SCOPE)


class LocalGovernmentQuerySet(models.QuerySet):
    def prefectures(self):
        return self.filter(kind=LocalGovernment.Kind.PREFECTURE)

    def municipalities(self):
        return self.exclude(kind=LocalGovernment.Kind.PREFECTURE)

    def search(self, query: str):
        """Filter by a query in kanji, kana (either script, either width) or romaji, or by code.

        A word of digits matches the start of the code, so 032115 and 03211 (the code
        without its check digit) both find 釜石市.
        """
        for word in normalise(query).split():
            if word.isascii() and word.isdigit():
                self = self.filter(code__startswith=word)
            else:
                self = self.filter(search_text__contains=word)
        return self

    def in_display_order(self):
        """五十音 order in Japanese, alphabetical in English; the code breaks ties."""
        if (get_language() or "ja").startswith("en"):
            return self.order_by("name_en", "code")
        return self.order_by("name_kana", "code")


class LocalGovernment(models.Model):
    """A prefecture or municipality, keyed by its 6-digit 全国地方公共団体コード (with check digit)."""

    class Kind(models.TextChoices):
        PREFECTURE = "prefecture", _("Prefecture")
        CITY = "city", _("City")
        WARD = "ward", _("Special ward")
        TOWN = "town", _("Town")
        VILLAGE = "village", _("Village")

    code = models.CharField(_("local government code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=40)
    name_kana = models.CharField(_("name (kana)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    prefecture = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("prefecture"),
    )
    region = models.CharField(_("region"), max_length=12, choices=Region.choices)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    # Normalised kanji, kana and romaji, so one substring test finds 釜石市 from 釜石,
    # かまいし, カマイシ, ｶﾏｲｼ or Kamaishi.
    search_text = models.CharField(max_length=300, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False, db_index=True)

    objects = LocalGovernmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("local government")
        verbose_name_plural = _("local governments")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["name_kana", "code"], name="lg_kana_idx"),
            models.Index(fields=["name_en", "code"], name="lg_en_idx"),
            models.Index(fields=["kind", "region"], name="lg_kind_region_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        registry_changed()

    @property
    def prefecture_code(self) -> str:
        return self.code[:2]

    @property
    def display_name(self) -> str:
        """The name in the active language (kanji in Japanese, the official English name in English)."""
        return self.name_en if (get_language() or "ja").startswith("en") else self.name

    @property
    def full_name(self) -> str:
        """Municipality with its prefecture, e.g. 岩手県釜石市 / Kamaishi City, Iwate Prefecture."""
        if self.prefecture_id is None or self.prefecture is None:
            return self.display_name
        if (get_language() or "ja").startswith("en"):
            return f"{self.name_en}, {self.prefecture.name_en}"
        return f"{self.prefecture.name}{self.name}"

    def build_search_text(self) -> str:
        return normalise(" ".join([self.name, self.name_kana, self.name_en, self.name_en.replace(" ", "")]))


class OverseasGovernment(models.Model):
    """A local government abroad (city, state, province…), a party to partnerships and exchanges."""

    class Level(models.TextChoices):
        CITY = "city", _("City")
        COUNTY = "county", _("County")
        STATE = "state", _("State")
        PROVINCE = "province", _("Province")
        REGION = "region", pgettext_lazy("level of an overseas local government", "Region")

    name = models.CharField(_("name (own script)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_kana = models.CharField(_("name (katakana)"), max_length=120, blank=True)
    country = models.CharField(_("country (ISO 3166-1)"), max_length=2)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("within"),
    )

    class Meta:
        verbose_name = _("overseas local government")
        verbose_name_plural = _("overseas local governments")
        ordering = ["country", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["country", "level", "name_en"], name="overseas_gov_unique"),
            models.CheckConstraint(condition=~Q(country=""), name="overseas_gov_country_set"),
        ]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.country})"
