"""The phases of a cluster's year and the moves between them. Pure: no Django.

A year moves forward one phase at a time; the leader may step back one phase (e.g. reopen
self-scoring after a complaint) until the year is submitted to the province. Closed is final.
"""

PHASES = [
    ("setup", "Khởi tạo"),
    ("registration", "Đăng ký, ký giao ước"),
    ("in_progress", "Tổ chức thực hiện, sơ kết"),
    ("self_scoring", "Tự chấm điểm"),
    ("cross_scoring", "Chấm chéo"),
    ("consolidation", "Tổng hợp, xếp hạng"),
    ("conference", "Hội nghị tổng kết"),
    ("submitted", "Đã trình tỉnh"),
    ("closed", "Kết thúc"),
]
PHASE_CODES = [code for code, _ in PHASES]
PHASE_LABELS = dict(PHASES)

# Until the proposals have gone to the province, a step back is allowed.
LAST_REOPENABLE = "conference"


def next_phase(phase: str) -> str | None:
    index = PHASE_CODES.index(phase)
    return PHASE_CODES[index + 1] if index + 1 < len(PHASE_CODES) else None


def previous_phase(phase: str) -> str | None:
    index = PHASE_CODES.index(phase)
    if index == 0 or index > PHASE_CODES.index(LAST_REOPENABLE):
        return None
    return PHASE_CODES[index - 1]


def allowed_moves(phase: str) -> list[str]:
    return [p for p in (next_phase(phase), previous_phase(phase)) if p]


def is_at_least(phase: str, reference: str) -> bool:
    return PHASE_CODES.index(phase) >= PHASE_CODES.index(reference)


def scoring_open_for_self(phase: str) -> bool:
    return phase == "self_scoring"


def scoring_open_for_cross(phase: str) -> bool:
    return phase == "cross_scoring"


def consolidation_open(phase: str) -> bool:
    return phase == "consolidation"


def is_read_only(phase: str) -> bool:
    return phase == "closed"
