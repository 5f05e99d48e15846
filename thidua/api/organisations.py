"""The registry: units, clusters with their yearly members, people. Read only."""

from django.utils import timezone
from ninja import Path, Query, Router
from ninja.pagination import paginate

from thidua.api.auth import actor
from thidua.api.common import Page, require_registry_viewer
from thidua.api.schemas import (
    MAX_ID,
    ClusterDetailOut,
    ClusterListOut,
    ClusterMembersOut,
    MembershipFilter,
    PersonDetailOut,
    PersonFilter,
    PersonOut,
    SearchFilter,
    UnitDetailOut,
    UnitFilter,
    UnitOut,
    error_responses,
)
from thidua.cycles import selectors as cycle_selectors
from thidua.organisations import permissions, selectors

router = Router()


@router.get("/units", response={200: list[UnitOut], **error_responses(403, 422)}, tags=["Đơn vị"],
            summary="Danh sách đơn vị")
@paginate(Page)
def unit_list(request, filters: Query[UnitFilter]):
    """Đơn vị theo thứ tự tiếng Việt; `q` tìm không dấu theo mã, tên, tên viết tắt."""
    require_registry_viewer(actor(request))
    return selectors.unit_list(query=filters.q, kind=filters.kind or "", include_inactive=filters.include_inactive)


@router.get("/units/{unit_id}", response={200: UnitDetailOut, **error_responses(403, 404, 422)}, tags=["Đơn vị"],
            summary="Chi tiết đơn vị")
def unit_detail(request, unit_id: int = Path(..., ge=1, le=MAX_ID)):
    require_registry_viewer(actor(request))
    unit = selectors.unit_get(unit_id)
    return {
        **UnitOut.from_orm(unit).model_dump(),
        "note": unit.note,
        "children": list(selectors.unit_children(unit)),
        "memberships": list(selectors.unit_memberships(unit)),
    }


@router.get("/clusters", response={200: list[ClusterListOut], **error_responses(403, 422)}, tags=["Cụm, khối"],
            summary="Danh sách cụm, khối thi đua")
@paginate(Page)
def cluster_list(request, filters: Query[SearchFilter]):
    require_registry_viewer(actor(request))
    return selectors.cluster_list(query=filters.q)


@router.get("/clusters/{cluster_id}", response={200: ClusterDetailOut, **error_responses(403, 404, 422)},
            tags=["Cụm, khối"], summary="Chi tiết cụm, khối")
def cluster_detail(request, cluster_id: int = Path(..., ge=1, le=MAX_ID)):
    require_registry_viewer(actor(request))
    cluster = selectors.cluster_get(cluster_id)
    return {
        "id": cluster.pk, "code": cluster.code, "name": cluster.name, "kind": cluster.kind,
        "kind_label": cluster.get_kind_display(), "managing_body": cluster.managing_body,
        "established_on": cluster.established_on, "dissolved_on": cluster.dissolved_on, "note": cluster.note,
        "membership_years": selectors.cluster_years(cluster),
        "cluster_years": list(cycle_selectors.cluster_years_of(cluster)),
    }


@router.get("/clusters/{cluster_id}/members", response={200: ClusterMembersOut, **error_responses(403, 404, 422)},
            tags=["Cụm, khối"], summary="Thành viên cụm, khối trong một năm")
def cluster_members(request, filters: Query[MembershipFilter], cluster_id: int = Path(..., ge=1, le=MAX_ID)):
    """Đơn vị thành viên và vai trò (Trưởng cụm, Phó trưởng cụm, thành viên) của năm `year`;
    mặc định là năm gần nhất có thành viên."""
    require_registry_viewer(actor(request))
    cluster = selectors.cluster_get(cluster_id)
    year = filters.year
    if year is None:
        years = selectors.cluster_years(cluster)
        year = years[0] if years else timezone.localdate().year
    return {"cluster": cluster, "year": year, "members": list(selectors.cluster_members(cluster, year))}


@router.get("/people", response={200: list[PersonOut], **error_responses(403, 404, 422)}, tags=["Cá nhân"],
            summary="Danh sách cá nhân")
@paginate(Page)
def person_list(request, filters: Query[PersonFilter]):
    """Sắp xếp theo tên, chữ đệm, họ; `q` tìm không dấu (“nguyen thi ha” tìm được “Nguyễn Thị Hà”)."""
    user = actor(request)
    require_registry_viewer(user)  # before looking the unit up: a refusal never depends on it
    unit = selectors.unit_get(filters.unit) if filters.unit is not None else None
    return selectors.people_list(user=user, query=filters.q, unit=unit)


@router.get("/people/{person_id}", response={200: PersonDetailOut, **error_responses(403, 404, 422)},
            tags=["Cá nhân"], summary="Chi tiết cá nhân")
def person_detail(request, person_id: int = Path(..., ge=1, le=MAX_ID)):
    """Số định danh cá nhân chỉ có khi bạn được quản lý cán bộ này (như trên trang)."""
    user = actor(request)
    person = selectors.person_get(user=user, pk=person_id)
    return {
        **PersonOut.from_orm(person).model_dump(),
        "personal_id": person.personal_id if permissions.can_see_personal_id(user, person) else None,
        "email": person.email,
        "phone": person.phone,
        "positions": list(person.positions.all()),
    }
