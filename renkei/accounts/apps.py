from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "renkei.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        from renkei.accounts.signals import record_second_factor_on_activation

        authenticator_added.connect(record_second_factor_on_activation, dispatch_uid="renkei_mfa_activation")
