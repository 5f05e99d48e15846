"""Who may open which dashboard. Pages check these; the selectors themselves only read."""

from thidua.organisations import permissions as org
from thidua.organisations.models import CLUSTER_ROLES, UNIT_ROLES, ClusterMembership


def can_view_province_dashboard(user) -> bool:
    """The province office (and system administrators) see the province-wide figures."""
    return org.is_province_office(user)


def dashboard_cluster_ids(user) -> set[int] | None:
    """Clusters whose dashboard the user may open; None means every cluster (province office).

    A unit's officer or head sees the clusters their unit was a member of in a year their grant
    covers; a Trưởng/Phó trưởng cụm grant gives its cluster. Council members and guests see none.
    """
    if can_view_province_dashboard(user):
        return None
    grants = org.grants_of(user)
    cluster_ids = {g.cluster_id for g in grants if g.role in CLUSTER_ROLES and g.cluster_id is not None}
    unit_grants = [g for g in grants if g.role in UNIT_ROLES and g.unit_id is not None]
    if unit_grants:
        memberships = ClusterMembership.objects.filter(unit_id__in={g.unit_id for g in unit_grants})
        for cluster_id, unit_id, year in memberships.values_list("cluster_id", "unit_id", "year"):
            if any(g.unit_id == unit_id and g.applies(year) for g in unit_grants):
                cluster_ids.add(cluster_id)
    return cluster_ids


def can_view_cluster_dashboard(user, cluster) -> bool:
    visible = dashboard_cluster_ids(user)
    return visible is None or cluster.pk in visible


def can_view_any_dashboard(user) -> bool:
    return dashboard_cluster_ids(user) != set()
