from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "thidua.news"
    label = "news"
    verbose_name = "Tin tức"
