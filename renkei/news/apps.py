from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "renkei.news"
    verbose_name = _("News and newsletters")

    def ready(self):
        from renkei.news.services import register_search

        register_search()
