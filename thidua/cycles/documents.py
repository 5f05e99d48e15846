"""The cluster year's documents: biên bản, tờ trình with its list, báo cáo, giao ước.

Each builder gathers the context from the selectors; `thidua.documents.render` fills the
DOCX template (the officer's upload or the built-in one) and converts it to PDF.
"""

import datetime

from django.conf import settings

from thidua.core import dates
from thidua.core.errors import InvalidTransition
from thidua.core.numbers import format_points
from thidua.core.vntext import fold
from thidua.cycles import selectors
from thidua.cycles.models import Conference, ProposalStatus, VoteKind
from thidua.cycles.services import form_label
from thidua.documents.models import DocumentKind
from thidua.documents.render import docx_to_pdf, render_docx
from thidua.organisations.models import ClusterMembership, ClusterRole


def place_date(day: datetime.date | None) -> str:
    return dates.place_date(settings.THIDUA_PROVINCE_NAME, day)


def _code_suffix(cluster) -> str:
    """"CTĐII" for Cụm thi đua số II: the abbreviation used in the number line."""
    suffix = cluster.code.replace("CUM-", "").replace("KHOI-", "")
    return ("CTĐ" if cluster.kind == "cum" else "KTĐ") + suffix


def _number(value: str) -> str:
    return value or "     "


def _common(cluster_year) -> dict:
    cluster = cluster_year.cluster
    conference = Conference.objects.filter(cluster_year=cluster_year).select_related("host").first()
    leader = (
        ClusterMembership.objects.filter(cluster=cluster, year=cluster_year.year, role=ClusterRole.LEADER)
        .select_related("unit").first()
    )
    ranking = selectors.ranking(cluster_year)
    return {
        "province": settings.THIDUA_PROVINCE_NAME,
        "issuer_parent": f"UBND TỈNH {settings.THIDUA_PROVINCE_NAME.upper()}",
        "issuer": cluster.name.upper(),
        "cluster_name": cluster.name,
        "code_suffix": _code_suffix(cluster),
        "year": cluster_year.year,
        "next_year": cluster_year.year + 1,
        "leader_unit": leader.unit.name if leader else "",
        "conference": conference,
        "chair": conference.chair if conference else "",
        # The signature block carries the name only; the chair line of the minutes also has the post.
        "leader_signer": (conference.chair.split(",")[0] if conference else ""),
        "secretary": conference.secretary if conference else "",
        "achievements": conference.achievements if conference else "",
        "limitations": conference.limitations if conference else "",
        "measures": conference.measures if conference else "",
        "conclusions": conference.conclusions if conference else "",
        "ranking": [
            {"rank": r.rank, "unit": r.unit.name, "total": format_points(r.total)} for r in ranking.rows
        ],
    }


def _require_conference(context: dict) -> Conference:
    conference = context["conference"]
    if conference is None:
        raise InvalidTransition("Chưa ghi thông tin hội nghị tổng kết: hãy nhập ngày, địa điểm, chủ trì, thư ký trước.")
    return conference


def minutes_context(cluster_year) -> dict:
    context = _common(cluster_year)
    conference = _require_conference(context)
    votes = selectors.votes(cluster_year)
    next_rows = {
        m.role: m.unit.name
        for m in ClusterMembership.objects.filter(cluster=cluster_year.cluster, year=cluster_year.year + 1)
        .exclude(role=ClusterRole.MEMBER).select_related("unit")
    }
    starts = f"{conference.starts_at:%H} giờ {conference.starts_at:%M}, " if conference.starts_at else ""
    context.update(
        number=_number(conference.minutes_number),
        place_date=place_date(conference.held_on),
        time_text=f"{starts}ngày {conference.held_on:%d/%m/%Y}",
        ended_text=f"{conference.ended_at:%H} giờ {conference.ended_at:%M}" if conference.ended_at else "…",
        place=conference.place,
        guests=conference.guests,
        attendees=[
            {"name": a.name, "position": a.position, "unit": a.unit.name if a.unit else ""}
            for a in conference.attendees.select_related("unit")
        ],
        votes=[{"question": v.question, "outcome": v.outcome} for v in votes if not v.is_open and v.kind != VoteKind.TIE]
        + [{"question": v.question, "outcome": v.outcome} for v in votes if not v.is_open and v.kind == VoteKind.TIE],
        next_leader=next_rows.get(ClusterRole.LEADER, "chưa bầu"),
        next_vice=next_rows.get(ClusterRole.VICE, "chưa bầu"),
    )
    return context


def proposal_context(cluster_year) -> dict:
    context = _common(cluster_year)
    conference = _require_conference(context)
    proposals = cluster_year.proposals.filter(
        status__in=[ProposalStatus.APPROVED, ProposalStatus.SUBMITTED]
    ).select_related("unit").order_by("rank", "unit__sort_key")
    context.update(
        number=_number(conference.proposal_number),
        place_date=place_date(conference.held_on),
        conference_date=f"{conference.held_on:%d/%m/%Y}",
        proposals=[
            {"index": index, "unit": p.unit.name, "form": form_label(p.form), "total": format_points(p.total), "rank": p.rank}
            for index, p in enumerate(proposals, start=1)
        ],
    )
    return context


def report_context(cluster_year) -> dict:
    context = _common(cluster_year)
    conference = context["conference"]
    context.update(
        number=_number(conference.report_number if conference else ""),
        place_date=place_date(conference.held_on if conference else None),
    )
    return context


def pact_context(cluster_year) -> dict:
    context = _common(cluster_year)
    pact, signatures, _ = selectors.pact_status(cluster_year)
    if pact is None:
        raise InvalidTransition("Cụm chưa soạn giao ước thi đua.")
    first_signed = min((s.signed_at for s in signatures), default=None)
    context.update(
        number="     ",
        place_date=place_date(first_signed.date() if first_signed else None),
        title_upper=pact.title.upper(),
        text=pact.text,
        targets=pact.targets,
        signed_place=pact.signed_at_place or context["leader_unit"] or "…",
        signatures=[
            {"index": index, "unit": s.unit.name, "name": s.signer_name, "position": s.signer_position,
             "date": f"{s.signed_at:%d/%m/%Y}"}
            for index, s in enumerate(signatures, start=1)
        ],
    )
    return context


BUILDERS = {
    DocumentKind.MINUTES: minutes_context,
    DocumentKind.PROPOSAL: proposal_context,
    DocumentKind.REPORT: report_context,
    DocumentKind.PACT: pact_context,
}
FILE_NAMES = {
    DocumentKind.MINUTES: "bien-ban-hoi-nghi",
    DocumentKind.PROPOSAL: "to-trinh-de-nghi-khen-thuong",
    DocumentKind.REPORT: "bao-cao-tong-ket",
    DocumentKind.PACT: "giao-uoc-thi-dua",
}


def generate(cluster_year, kind: str, output: str = "docx") -> tuple[bytes, str]:
    """The document as DOCX or PDF bytes, and its file name."""
    docx = render_docx(kind, BUILDERS[kind](cluster_year))
    name = f"{FILE_NAMES[kind]}-{fold(cluster_year.cluster.code)}-{cluster_year.year}"
    if output == "pdf":
        return docx_to_pdf(docx), f"{name}.pdf"
    return docx, f"{name}.docx"
