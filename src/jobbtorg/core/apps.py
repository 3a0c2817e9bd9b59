from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jobbtorg.core"
    label = "core"
    verbose_name = "Core"
