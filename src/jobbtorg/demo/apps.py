from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jobbtorg.demo"
    label = "demo"
    verbose_name = "Demo data"
