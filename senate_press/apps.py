"""django-axes under a name the admin shows in the staff member's language."""

from axes.apps import AppConfig as AxesConfig
from django.utils.translation import gettext_lazy as _


class LoginAttemptsConfig(AxesConfig):
    verbose_name = _("Login attempts")
