from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "microdrama.rights"
    label = "rights"
    verbose_name = _("版权登记")

    def ready(self) -> None:
        from microdrama.filing.signals import online_filing_approved

        from . import uploads  # noqa: F401 - registers the "rights-episode" upload handler
        from .services import register_approved_filing

        def on_approved(sender, application, **kwargs):
            register_approved_filing(application)

        online_filing_approved.connect(on_approved, dispatch_uid="rights-register-approved-filing", weak=False)
