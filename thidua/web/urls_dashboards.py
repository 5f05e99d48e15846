"""Pages of the dashboards part of issue #5."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
