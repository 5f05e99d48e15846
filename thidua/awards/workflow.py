"""The states of a proposal (hồ sơ đề nghị khen thưởng) and who moves it. Pure: no Django.

draft → submitted → received → appraised → council → decided
                   ↘ returned (with a reason) → draft again
Forms that the full council does not review skip the council step (appraised → decided).
"""

STATES = [
    ("draft", "Dự thảo"),
    ("submitted", "Đã trình"),
    ("received", "Đã tiếp nhận"),
    ("returned", "Bị trả lại"),
    ("appraised", "Đã thẩm định"),
    ("council", "Hội đồng đang xét"),
    ("decided", "Đã có quyết định"),
]
LABELS = dict(STATES)

# state -> {next state: who may make the move}
MOVES = {
    "draft": {"submitted": "unit"},
    "returned": {"draft": "unit"},
    "submitted": {"received": "office", "returned": "office"},
    "received": {"appraised": "office", "returned": "office"},
    "appraised": {"council": "office", "decided": "office", "returned": "office"},
    "council": {"decided": "office"},
    "decided": {},
}


def can_move(state: str, target: str) -> bool:
    return target in MOVES.get(state, {})


def mover(state: str, target: str) -> str | None:
    return MOVES.get(state, {}).get(target)


def editable(state: str) -> bool:
    return state == "draft"
