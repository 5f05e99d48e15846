"""Who may launch movements, answer them, organise campaigns and record their commendations.

The province office (Phòng TĐKT, Sở Nội vụ) launches and follows movements and sees everything;
council members read every launched movement; a unit's officer and head read the movements that
target their unit, and its officer answers them. A campaign of the province is run by the office;
a unit's campaign by that unit's officer, who records commendations within the unit's authority.
"""

from thidua.organisations import permissions as org

# Forms each organiser may decide (domain.md §5): a unit head gives Giấy khen; the Chủ tịch UBND
# tỉnh gives Bằng khen tỉnh and the thematic Cờ thi đua; the office records those decisions.
UNIT_FORMS = frozenset({"GIAY_KHEN"})
PROVINCE_FORMS = frozenset({"BK_TINH", "CO_TINH"})


def can_manage_movements(user) -> bool:
    return org.is_province_office(user)


def sees_all_movements(user) -> bool:
    return org.is_province_office(user) or org.is_council_member(user)


def can_use_movements(user) -> bool:
    """The movements pages at all: the office, the council, and the staff of any unit."""
    return sees_all_movements(user) or bool(org.staff_unit_ids(user))


def can_view_movement(user, movement) -> bool:
    if org.is_province_office(user):
        return True
    if movement.state == "draft":
        return False
    if org.is_council_member(user):
        return True
    staff = org.staff_unit_ids(user)
    return bool(staff) and movement.target_units.filter(pk__in=staff).exists()


def can_follow_answers(user) -> bool:
    """Who answered, late or not at all: the office and the council."""
    return sees_all_movements(user)


def can_answer(user, movement, unit) -> bool:
    """Send the unit's plan or reports: its emulation officer (the office may enter a paper answer)."""
    return org.is_province_office(user) or unit.pk in org.officer_unit_ids(user)


def can_view_answers_of(user, unit) -> bool:
    return sees_all_movements(user) or unit.pk in org.staff_unit_ids(user)


def can_organise_campaign(user, organiser) -> bool:
    """Create a campaign of `organiser` (None: of the province)."""
    if org.is_province_office(user):
        return True
    return organiser is not None and organiser.pk in org.officer_unit_ids(user)


def can_view_campaign(user, campaign) -> bool:
    if sees_all_movements(user):
        return True
    staff = org.staff_unit_ids(user)
    if campaign.organiser_id is not None:
        return campaign.organiser_id in staff
    return bool(staff)


def can_commend(user, campaign) -> bool:
    """Record the campaign's commendations: the office for the province's campaigns, the unit's
    officer for its own."""
    return can_organise_campaign(user, campaign.organiser)


def forms_within_authority(campaign) -> frozenset[str]:
    return PROVINCE_FORMS if campaign.organiser_id is None else UNIT_FORMS
