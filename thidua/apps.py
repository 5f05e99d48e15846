from django.apps import AppConfig


class ThiDuaConfig(AppConfig):
    """The project package itself, so that its management commands (demo, …) are found."""

    name = "thidua"
    verbose_name = "ThiĐua"
