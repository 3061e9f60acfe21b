from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = _("Press releases")

    def ready(self):
        from . import cache_tags

        # Any saved or deleted release, person, section, quote... shows at once.
        cache_tags.connect(self.get_models())
