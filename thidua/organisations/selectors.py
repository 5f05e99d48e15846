"""Reads of the registry shared by pages, exports, the API and commands."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from thidua.core.errors import Forbidden, NotFound
from thidua.core.selectors import search
from thidua.organisations import permissions
from thidua.organisations.models import (
    Cluster,
    ClusterMembership,
    Person,
    PositionHistory,
    RoleAssignment,
    Unit,
)


def unit_list(
    *, query: str = "", kind: str = "", include_inactive: bool = False, on: datetime.date | None = None
) -> QuerySet[Unit]:
    units = Unit.objects.select_related("parent", "successor")
    if not include_inactive:
        on = on or timezone.localdate()
        units = units.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    if kind:
        units = units.filter(kind=kind)
    return search(units, query)


@dataclass(frozen=True)
class TreeNode:
    unit: Unit
    depth: int


def unit_tree(*, include_inactive: bool = False, on: datetime.date | None = None) -> list[TreeNode]:
    """Every unit in depth-first order under its parent, siblings in Vietnamese order; one query."""
    units = list(unit_list(include_inactive=include_inactive, on=on).order_by("sort_key"))
    present = {u.pk for u in units}
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in present else None
        children.setdefault(parent, []).append(unit)
    nodes: list[TreeNode] = []
    stack = [(unit, 0) for unit in reversed(children.get(None, []))]
    while stack:
        unit, depth = stack.pop()
        nodes.append(TreeNode(unit, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(unit.pk, [])))
    return nodes


def unit_get(pk: int) -> Unit:
    unit = Unit.objects.select_related("parent", "successor").filter(pk=pk).first()
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị.")
    return unit


def unit_children(unit: Unit) -> QuerySet[Unit]:
    return unit.children.all()


def unit_memberships(unit: Unit) -> QuerySet[ClusterMembership]:
    return unit.memberships.select_related("cluster").order_by("-year", "cluster__code")


def cluster_list(*, query: str = "") -> QuerySet[Cluster]:
    clusters = Cluster.objects.select_related("managing_body").annotate(
        member_count=Count("memberships__unit", distinct=True)
    ).order_by("code")
    return search(clusters, query)


def cluster_get(pk: int) -> Cluster:
    cluster = Cluster.objects.select_related("managing_body").filter(pk=pk).first()
    if cluster is None:
        raise NotFound("Không tìm thấy cụm, khối thi đua.")
    return cluster


def cluster_years(cluster: Cluster) -> list[int]:
    return list(
        cluster.memberships.order_by("-year").values_list("year", flat=True).distinct()
    )


def cluster_members(cluster: Cluster, year: int) -> QuerySet[ClusterMembership]:
    return (
        cluster.memberships.filter(year=year)
        .select_related("unit")
        .order_by("role", "unit__sort_key")
    )


def _require_viewer(user) -> None:
    if not permissions.can_view_registry(user):
        raise Forbidden("Bạn không có quyền xem danh sách cán bộ.")


def people_list(*, user, query: str = "", unit: Unit | None = None) -> QuerySet[Person]:
    """People sorted the Vietnamese way (tên, chữ đệm, họ), searched without accents."""
    _require_viewer(user)
    people = Person.objects.select_related("unit")
    if unit is not None:
        people = people.filter(unit=unit)
    return search(people, query)


def person_get(*, user, pk: int) -> Person:
    _require_viewer(user)
    person = (
        Person.objects.select_related("unit")
        .prefetch_related(
            Prefetch("positions", queryset=PositionHistory.objects.select_related("unit"))
        )
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise NotFound("Không tìm thấy cá nhân.")
    return person


def home_overview(user, year: int | None = None) -> dict:
    """What the home page shows a user: their units and the clusters those units belong to."""
    year = year or timezone.localdate().year
    unit_ids = permissions.staff_unit_ids(user, year)
    units = list(Unit.objects.filter(pk__in=unit_ids))
    led = permissions.led_cluster_ids(user, year)
    memberships = list(
        ClusterMembership.objects.filter(Q(unit_id__in=unit_ids) | Q(cluster_id__in=led), year=year)
        .select_related("cluster", "unit")
        .order_by("cluster__code", "role")
    )
    cluster_ids = {m.cluster_id for m in memberships} | led
    clusters = Cluster.objects.order_by("code")
    if not (permissions.is_province_office(user, year) or permissions.is_council_member(user, year)):
        clusters = clusters.filter(pk__in=cluster_ids)  # the office and the council follow every cluster
    clusters = list(clusters)
    return {"year": year, "units": units, "clusters": clusters, "led_cluster_ids": led}


def account_list(*, query: str = "", role: str = ""):
    """Accounts with their role grants, for the province office's access page."""
    accounts = get_user_model().objects.order_by("username").prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.select_related("unit", "cluster").order_by("role", "year"),
        )
    )
    for word in query.split():
        accounts = accounts.filter(
            Q(username__icontains=word) | Q(first_name__icontains=word) | Q(email__icontains=word)
        )
    if role:
        accounts = accounts.filter(role_assignments__role=role).distinct()
    return accounts
