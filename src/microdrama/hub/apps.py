from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "microdrama.hub"
    label = "hub"
    verbose_name = "平台"
