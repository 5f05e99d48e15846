"""Django admin: a system administrator's back door, reachable by superusers only (see urls.py).

Daily work goes through the pages, whose services check roles; edits here still land in the
audit history because simple_history's admin records the logged-in user.
"""

from django.contrib import admin
from thidua.core.admin import ReadOnlyHistoryAdmin

from thidua.organisations.models import (
    Cluster,
    ClusterMembership,
    Person,
    PositionHistory,
    RoleAssignment,
    Unit,
)


@admin.register(Unit)
class UnitAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "search_text"]
    autocomplete_fields = ["parent", "successor"]


@admin.register(Cluster)
class ClusterAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "name", "kind", "managing_body"]
    search_fields = ["code", "search_text"]


@admin.register(ClusterMembership)
class ClusterMembershipAdmin(ReadOnlyHistoryAdmin):
    list_display = ["cluster", "year", "unit", "role"]
    list_filter = ["year", "role", "cluster"]


class PositionInline(admin.TabularInline):
    model = PositionHistory
    extra = 0


@admin.register(Person)
class PersonAdmin(ReadOnlyHistoryAdmin):
    list_display = ["full_name", "date_of_birth", "unit", "position"]
    search_fields = ["search_text", "personal_id"]
    list_select_related = ["unit"]
    inlines = [PositionInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["user", "role", "unit", "cluster", "year"]
    list_filter = ["role", "year"]
