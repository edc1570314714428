from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "renkei.inquiries"
    verbose_name = _("Inquiries")

    def ready(self) -> None:
        from renkei.inquiries import dashboard  # noqa: F401  (registers its panel)
