"""Django admin (superusers only): which reminders went to whom, read-only."""

from django.contrib import admin

from thidua.reminders.models import SentReminder


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "email", "kind", "object_key", "due", "days_before"]
    list_filter = ["kind", "days_before"]
    search_fields = ["email", "object_key"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
