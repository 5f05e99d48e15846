"""Who should lead a cluster next year, by rotation (luân phiên). Pure Python.

The suggestion is the members who have waited longest since they last held the post (never
first), in the cluster's own order (the order the units joined); the current Trưởng cụm is
not suggested again while another member can take the post. The members decide by ballot.
"""

from collections.abc import Iterable, Sequence


def suggest_leadership(
    members: Sequence[str], past: Iterable[tuple[int, str, str]], year: int
) -> tuple[str | None, str | None]:
    """Suggest (leader, vice) for `year` among `members` (unit codes, in the cluster's order).

    `past` holds (year, unit code, role) rows, role "leader" or "vice", of earlier years.
    """
    last_led: dict[str, int] = {}
    last_vice: dict[str, int] = {}
    for past_year, unit, role in past:
        if past_year >= year:
            continue
        held = last_led if role == "leader" else last_vice
        held[unit] = max(past_year, held.get(unit, past_year))
    order = {unit: index for index, unit in enumerate(members)}
    current_leaders = {u for u, y in last_led.items() if y == year - 1}

    def waited(unit: str, held: dict[str, int]) -> tuple[int, int]:
        return (held.get(unit, -1), order[unit])

    leader_pool = [u for u in members if u not in current_leaders] or list(members)
    leader = min(leader_pool, key=lambda u: waited(u, last_led)) if leader_pool else None
    vice_pool = [u for u in leader_pool if u != leader] or [u for u in members if u != leader]
    vice = min(vice_pool, key=lambda u: (last_led.get(u, -1), last_vice.get(u, -1), order[u])) if vice_pool else None
    return leader, vice
