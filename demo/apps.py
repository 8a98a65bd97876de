from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models, URLs or templates: only the management commands (docs/decisions/0032)."""

    name = "demo"
