from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "renkei.networks"
    verbose_name = _("Networks and membership")

    def ready(self):
        from renkei.lib.visibility import resolve_with
        from renkei.networks import signals  # noqa: F401
        from renkei.networks.audience import audience_of

        resolve_with(audience_of)
