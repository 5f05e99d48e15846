"""The Django admin's view of the audit history: read-only.

simple_history's admin lets a superuser "revert" a record to an old version (a save that skips
the services' validation) and, with SIMPLE_HISTORY_EDIT, even edit history rows. Neither belongs
in an audit trail: the history pages of our admin classes show versions and refuse any POST.
"""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied("Lịch sử thay đổi chỉ để xem, không khôi phục hay sửa được.")
        return super().history_form_view(request, object_id, version_id, extra_context)
