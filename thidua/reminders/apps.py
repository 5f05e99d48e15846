from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "thidua.reminders"
    label = "reminders"
    verbose_name = "Hạn và nhắc việc"
