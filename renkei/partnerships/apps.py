from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "renkei.partnerships"
    verbose_name = _("Partnerships and exchange")

    def ready(self):
        from renkei.partnerships.services import register_search

        register_search()
