from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LexSarahConfig(AppConfig):
    name = "jobbtorg.lex_sarah"
    label = "lex_sarah"
    verbose_name = _("Lex Sarah")
