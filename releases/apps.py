from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = _("Press releases")

    def ready(self):
        from . import pagecache

        # Any saved or deleted release, person, section, quote... shows at once.
        for model in self.get_models():
            post_save.connect(pagecache.invalidate, sender=model)
            post_delete.connect(pagecache.invalidate, sender=model)
