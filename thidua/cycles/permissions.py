"""Who may do what in a cluster's year. Services check these; pages only hide what they refuse."""

from thidua.organisations import permissions as org
from thidua.organisations.models import ClusterMembership, Role


def remember_member_ids(cluster_year, unit_ids: set[int]) -> None:
    """A caller that has just read the year's members spares member_unit_ids its query."""
    cluster_year._member_ids = set(unit_ids)


def member_unit_ids(cluster_year) -> set[int]:
    cached = getattr(cluster_year, "_member_ids", None)
    if cached is None:
        cached = set(
            ClusterMembership.objects.filter(
                cluster_id=cluster_year.cluster_id, year=cluster_year.year
            ).values_list("unit_id", flat=True)
        )
        cluster_year._member_ids = cached
    return cached


def can_view_year(user, cluster_year) -> bool:
    return org.can_view_registry(user)


def can_create_year(user, cluster) -> bool:
    return org.is_province_office(user)


def can_run_year(user, cluster_year) -> bool:
    """Trưởng/Phó trưởng cụm of that year, or the province office."""
    return org.is_province_office(user) or cluster_year.cluster_id in org.led_cluster_ids(user, cluster_year.year)


def officer_units_in_year(user, cluster_year) -> set[int]:
    """Member units whose emulation officer the user is."""
    return org.officer_unit_ids(user, cluster_year.year) & member_unit_ids(cluster_year)


def head_units_in_year(user, cluster_year) -> set[int]:
    return org.unit_ids_with_role(user, {Role.UNIT_HEAD}, cluster_year.year) & member_unit_ids(cluster_year)


def voting_units(user, cluster_year) -> set[int]:
    """The member units the user may cast a ballot for (as its officer or head)."""
    return org.staff_unit_ids(user, cluster_year.year) & member_unit_ids(cluster_year)


def can_act_for_unit(user, cluster_year, unit_id: int) -> bool:
    return unit_id in officer_units_in_year(user, cluster_year)


def can_sign_for_unit(user, cluster_year, unit_id: int) -> bool:
    """The head signs; the province office may record a signature given on paper."""
    return unit_id in head_units_in_year(user, cluster_year) or (
        org.is_province_office(user) and unit_id in member_unit_ids(cluster_year)
    )
