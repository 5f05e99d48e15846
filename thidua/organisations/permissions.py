"""Who may do what in the registry: predicates over the user's role grants.

Services call these and refuse with `Forbidden`; templates call them only to hide what the
service would refuse anyway. A grant applies to one year, or to every year when its year is empty.
"""

from dataclasses import dataclass

from django.utils import timezone

from thidua.organisations.models import ClusterMembership, ClusterRole, Role, RoleAssignment

_CACHE_ATTR = "_thidua_grants"


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int | None
    cluster_id: int | None
    year: int | None

    def applies(self, year: int) -> bool:
        return self.year is None or self.year == year


def current_year() -> int:
    return timezone.localdate().year


def grants_of(user) -> tuple[Grant, ...]:
    """The user's grants, read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = tuple(
            Grant(row.role, row.unit_id, row.cluster_id, row.year)
            # No ordering: the model's default (by username) would join the user table on
            # every request, and nothing here depends on the order.
            for row in RoleAssignment.objects.filter(user=user).order_by().only(
                "role", "unit_id", "cluster_id", "year"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_system_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def _has_role(user, role: str, year: int | None = None) -> bool:
    year = year or current_year()
    return any(g.role == role and g.applies(year) for g in grants_of(user))


def is_province_office(user, year: int | None = None) -> bool:
    return is_system_admin(user) or _has_role(user, Role.PROVINCE_OFFICE, year)


def is_council_member(user, year: int | None = None) -> bool:
    return _has_role(user, Role.COUNCIL_MEMBER, year)


def unit_ids_with_role(user, roles: set[str], year: int | None = None) -> set[int]:
    year = year or current_year()
    return {
        g.unit_id
        for g in grants_of(user)
        if g.role in roles and g.unit_id is not None and g.applies(year)
    }


def officer_unit_ids(user, year: int | None = None) -> set[int]:
    """Units whose data the user edits as their emulation officer."""
    return unit_ids_with_role(user, {Role.UNIT_OFFICER}, year)


def staff_unit_ids(user, year: int | None = None) -> set[int]:
    """Units the user works for as officer or head."""
    return unit_ids_with_role(user, {Role.UNIT_OFFICER, Role.UNIT_HEAD}, year)


def led_cluster_ids(user, year: int | None = None) -> set[int]:
    """Clusters the user runs this year: by an explicit grant, or as officer or head of the unit
    that the members elected Trưởng cụm or Phó trưởng cụm for that year."""
    year = year or current_year()
    explicit = {
        g.cluster_id
        for g in grants_of(user)
        if g.role in (Role.CLUSTER_LEADER, Role.CLUSTER_VICE) and g.applies(year)
    }
    units = staff_unit_ids(user, year)
    if not units:
        return explicit
    derived = set(
        ClusterMembership.objects.filter(
            unit_id__in=units, year=year, role__in=[ClusterRole.LEADER, ClusterRole.VICE]
        ).values_list("cluster_id", flat=True)
    )
    return explicit | derived


def can_manage_registry(user) -> bool:
    """Create and change units, clusters, memberships and role grants."""
    return is_province_office(user)


def can_manage_accounts(user) -> bool:
    """Create accounts and grant roles (the province office grants every role but its own)."""
    return is_system_admin(user) or is_province_office(user)


def can_view_registry(user) -> bool:
    """Internal pages (people, units' details): anyone who holds a role, not a guest."""
    if is_system_admin(user):
        return True
    return any(g.role != Role.GUEST for g in grants_of(user))


def can_edit_unit_profile(user, unit) -> bool:
    """A unit's own officer may keep its short name and notes up to date."""
    return can_manage_registry(user) or unit.pk in officer_unit_ids(user)


def can_edit_people_of(user, unit) -> bool:
    return can_manage_registry(user) or unit.pk in officer_unit_ids(user)


def can_edit_person(user, person) -> bool:
    return can_edit_people_of(user, person.unit)


def can_see_personal_id(user, person) -> bool:
    return can_edit_person(user, person)


def can_view_history(user) -> bool:
    return can_view_registry(user)
