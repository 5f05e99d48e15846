"""Every write to the organisation registry. Each function is one transaction, checks the
actor's permission and leaves an audit record (django-simple-history) naming the actor."""

import datetime
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.core.errors import Forbidden, ValidationFailed
from thidua.core.services import apply_changes, delete_audited, save_audited
from thidua.core.vntext import nfc
from thidua.organisations import permissions
from thidua.organisations.models import (
    Cluster,
    ClusterMembership,
    ClusterRole,
    Person,
    PositionHistory,
    Role,
    RoleAssignment,
    Unit,
)

REGISTRY_REFUSED = "Chỉ Phòng Thi đua, khen thưởng (Sở Nội vụ) được thay đổi danh mục tổ chức."
UNIT_PROFILE_FIELDS = {"short_name", "note"}
UNIT_FIELDS = {
    "code", "name", "short_name", "kind", "parent", "valid_from", "valid_to", "successor", "note",
}
CLUSTER_FIELDS = {"code", "name", "kind", "managing_body", "established_on", "dissolved_on", "note"}
PERSON_FIELDS = {
    "ho", "chu_dem", "ten", "gender", "date_of_birth", "personal_id", "email", "phone",
}


def _require_registry_manager(actor) -> None:
    if not permissions.can_manage_registry(actor):
        raise Forbidden(REGISTRY_REFUSED)


def _refuse_unknown(fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")


# --- Units -----------------------------------------------------------------------------------


@transaction.atomic
def unit_create(*, actor, **fields: Any) -> Unit:
    _require_registry_manager(actor)
    _refuse_unknown(fields, UNIT_FIELDS)
    unit = Unit(**fields)
    save_audited(unit, actor=actor)
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, **changes: Any) -> Unit:
    """Registry managers change anything; the unit's own officer only its profile fields."""
    _refuse_unknown(changes, UNIT_FIELDS)
    if not permissions.can_manage_registry(actor):
        if not permissions.can_edit_unit_profile(actor, unit):
            raise Forbidden("Bạn không có quyền sửa thông tin đơn vị này.")
        if set(changes) - UNIT_PROFILE_FIELDS:
            raise Forbidden(REGISTRY_REFUSED)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if apply_changes(unit, changes):
        save_audited(unit, actor=actor)
    return unit


# --- Clusters and membership -----------------------------------------------------------------


@transaction.atomic
def cluster_create(*, actor, **fields: Any) -> Cluster:
    _require_registry_manager(actor)
    _refuse_unknown(fields, CLUSTER_FIELDS)
    cluster = Cluster(**fields)
    save_audited(cluster, actor=actor)
    return cluster


@transaction.atomic
def cluster_update(*, actor, cluster: Cluster, **changes: Any) -> Cluster:
    _require_registry_manager(actor)
    _refuse_unknown(changes, CLUSTER_FIELDS)
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if apply_changes(cluster, changes):
        save_audited(cluster, actor=actor)
    return cluster


@transaction.atomic
def membership_set(
    *,
    actor,
    cluster: Cluster,
    unit: Unit,
    year: int,
    role: str = ClusterRole.MEMBER,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    note: str = "",
) -> ClusterMembership:
    """Make `unit` a member of `cluster` for `year` with `role` (creating or updating the row).

    The dates default to the whole calendar year, the emulation year of a cluster.
    """
    _require_registry_manager(actor)
    valid_from = valid_from or datetime.date(year, 1, 1)
    valid_to = valid_to or datetime.date(year, 12, 31)
    membership = ClusterMembership.objects.filter(
        cluster=cluster, unit=unit, year=year
    ).first() or ClusterMembership(cluster=cluster, unit=unit, year=year)
    changed = apply_changes(
        membership, {"role": role, "valid_from": valid_from, "valid_to": valid_to, "note": note}
    )
    if changed or membership._state.adding:
        save_audited(membership, actor=actor)
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: ClusterMembership) -> None:
    _require_registry_manager(actor)
    delete_audited(membership, actor=actor)


# --- People ----------------------------------------------------------------------------------


def _require_people_editor(actor, unit: Unit) -> None:
    if not permissions.can_edit_people_of(actor, unit):
        raise Forbidden(f"Bạn không có quyền quản lý cán bộ của {unit.name}.")


@transaction.atomic
def person_create(
    *,
    actor,
    unit: Unit,
    position: str = "",
    start_date: datetime.date | None = None,
    **fields: Any,
) -> Person:
    """A new person in `unit`, with the first row of their position history."""
    _require_people_editor(actor, unit)
    _refuse_unknown(fields, PERSON_FIELDS)
    person = Person(unit=unit, position=position, **fields)
    save_audited(person, actor=actor)
    row = PositionHistory(
        person=person,
        unit=unit,
        position=person.position,
        start_date=start_date or timezone.localdate(),
    )
    save_audited(row, actor=actor)
    return person


@transaction.atomic
def person_update(*, actor, person: Person, **changes: Any) -> Person:
    """Change a person's own data; moving them to another unit or post is `person_move`."""
    _require_people_editor(actor, person.unit)
    _refuse_unknown(changes, PERSON_FIELDS)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if apply_changes(person, changes):
        save_audited(person, actor=actor)
    return person


@transaction.atomic
def person_move(
    *,
    actor,
    person: Person,
    unit: Unit,
    position: str,
    start_date: datetime.date,
    note: str = "",
) -> Person:
    """Record a new post (in the same or another unit) from `start_date`.

    The open row of the position history ends the day before; the person's current unit and
    position follow. A transfer needs the right to manage people of both units.
    """
    _require_people_editor(actor, person.unit)
    _require_people_editor(actor, unit)
    person = Person.objects.select_for_update().get(pk=person.pk)
    open_rows = list(person.positions.filter(end_date__isnull=True))
    for row in open_rows:
        if row.start_date >= start_date:
            raise ValidationFailed(
                [
                    f"Ngày bắt đầu ({start_date:%d/%m/%Y}) phải sau ngày bắt đầu của chức vụ "
                    f"hiện tại ({row.start_date:%d/%m/%Y})."
                ]
            )
        row.end_date = start_date - datetime.timedelta(days=1)
        save_audited(row, actor=actor)
    save_audited(
        PositionHistory(
            person=person, unit=unit, position=position, start_date=start_date, note=note
        ),
        actor=actor,
    )
    if apply_changes(person, {"unit": unit, "position": position}):
        save_audited(person, actor=actor)
    return person


# --- Role grants -----------------------------------------------------------------------------


ACCOUNTS_REFUSED = "Chỉ quản trị hệ thống hoặc Phòng TĐKT được quản lý tài khoản và phân quyền."


@transaction.atomic
def account_create(*, actor, username: str, full_name: str, email: str = "", password: str):
    """A login for a person of the province; roles are granted separately (`role_assign`)."""
    if not permissions.can_manage_accounts(actor):
        raise Forbidden(ACCOUNTS_REFUSED)
    user_model = get_user_model()
    username = username.strip()
    errors = []
    if user_model.objects.filter(username__iexact=username).exists():
        errors.append(f"Tên đăng nhập: “{username}” đã có người dùng.")
    user = user_model(username=username, first_name=nfc(full_name)[:150], email=email.strip())
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        errors.extend(f"Mật khẩu: {message}" for message in exc.messages)
    if errors:
        raise ValidationFailed(errors)
    user.set_password(password)
    save_audited(user, actor=actor, exclude=["password"])
    return user


@transaction.atomic
def account_set_active(*, actor, user, active: bool):
    """Lock or unlock a login; its history and grants stay."""
    if not permissions.can_manage_accounts(actor):
        raise Forbidden(ACCOUNTS_REFUSED)
    if user.is_superuser and not permissions.is_system_admin(actor):
        raise Forbidden("Chỉ quản trị hệ thống được khoá tài khoản quản trị.")
    if user.pk == actor.pk:
        raise ValidationFailed(["Không thể tự khoá tài khoản của chính mình."])
    user.is_active = active
    save_audited(user, actor=actor, exclude=["password"])
    return user


@transaction.atomic
def role_assign(
    *,
    actor,
    user,
    role: str,
    unit: Unit | None = None,
    cluster: Cluster | None = None,
    year: int | None = None,
) -> RoleAssignment:
    """Grant `role` to `user` for a unit or cluster and a year; granting it twice is a no-op."""
    if not permissions.can_manage_accounts(actor):
        raise Forbidden(ACCOUNTS_REFUSED)
    if role == Role.PROVINCE_OFFICE and not permissions.is_system_admin(actor):
        raise Forbidden("Chỉ quản trị hệ thống được cấp quyền Phòng TĐKT.")
    existing = RoleAssignment.objects.filter(
        user=user, role=role, unit=unit, cluster=cluster, year=year
    ).first()
    if existing:
        return existing
    grant = RoleAssignment(user=user, role=role, unit=unit, cluster=cluster, year=year)
    save_audited(grant, actor=actor)
    permissions.forget_grants(user)
    return grant


@transaction.atomic
def role_revoke(*, actor, grant: RoleAssignment) -> None:
    if not permissions.can_manage_accounts(actor):
        raise Forbidden(ACCOUNTS_REFUSED)
    delete_audited(grant, actor=actor)
    permissions.forget_grants(grant.user)
