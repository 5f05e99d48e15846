"""Who may read and write award history."""

from thidua.organisations import permissions as org


def can_edit_history_of_person(user, person) -> bool:
    return org.can_edit_people_of(user, person.unit)


def can_edit_history_of_unit(user, unit) -> bool:
    return org.can_manage_registry(user) or unit.pk in org.officer_unit_ids(user)


def sees_whole_province(user) -> bool:
    return org.is_province_office(user) or org.is_council_member(user)


def eligibility_units(user):
    """The units whose people and collectives the user may see judged: all for the office and
    the council, else the units the user works for."""
    from thidua.organisations.models import Unit

    if sees_whole_province(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=org.staff_unit_ids(user))


def can_manage_catalogue(user) -> bool:
    return org.is_province_office(user)
