from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin with Renkei's site, which asks for the second factor (admin_site.py)."""

    default = False  # AccountsConfig stays this module's app
    default_site = "renkei.accounts.admin_site.AdminSite"


class AccountsConfig(AppConfig):
    name = "renkei.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.signals import authenticator_added
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from renkei.accounts.backends import forget_authenticator, forget_user
        from renkei.accounts.signals import record_second_factor_on_activation, remember_language

        authenticator_added.connect(record_second_factor_on_activation, dispatch_uid="renkei_mfa_activation")
        user_logged_in.connect(remember_language, dispatch_uid="renkei_remember_language")
        user_model = self.get_model("User")
        post_save.connect(forget_user, sender=user_model, dispatch_uid="renkei_forget_user_save")
        post_delete.connect(forget_user, sender=user_model, dispatch_uid="renkei_forget_user_delete")
        post_save.connect(forget_authenticator, sender=Authenticator, dispatch_uid="renkei_forget_mfa_save")
        post_delete.connect(forget_authenticator, sender=Authenticator, dispatch_uid="renkei_forget_mfa_delete")
