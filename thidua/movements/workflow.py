"""The movement's states and the moves between them (pure: no queries)."""

DRAFT, LAUNCHED, CLOSED = "draft", "launched", "closed"

LABELS = {DRAFT: "Dự thảo", LAUNCHED: "Đã phát động", CLOSED: "Đã kết thúc"}

MOVES = {
    DRAFT: {LAUNCHED},
    LAUNCHED: {CLOSED},
    CLOSED: set(),
}


def can_move(state: str, target: str) -> bool:
    return target in MOVES.get(state, set())


def editable(state: str) -> bool:
    """The plan's details may change until the movement is closed; the target units and the
    forms only while it is a draft (units answer what they were asked)."""
    return state != CLOSED


def answerable(state: str) -> bool:
    return state == LAUNCHED
