from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "thidua.cycles"
    label = "cycles"
    verbose_name = "Năm thi đua của cụm, khối"
