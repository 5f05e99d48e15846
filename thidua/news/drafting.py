"""A first draft of the conference article, written in Vietnamese from the recorded facts.

It follows the shape of a provincial news item: "Ngày 05/01/2021, tại Sở Khoa học và Công nghệ,
Cụm thi đua số II tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2020 … Sở Công
thương dẫn đầu … đề nghị UBND tỉnh tặng Cờ thi đua … Bằng khen … Hội nghị đã bầu … làm Trưởng
cụm, … làm Phó trưởng cụm năm 2021 … các đơn vị đã ký giao ước thi đua năm 2021."
Only facts in the database are written; a missing fact leaves its sentence out. The officer
edits the draft before publishing it.
"""

import html
from dataclasses import dataclass

from thidua.core.errors import InvalidTransition
from thidua.core.numbers import format_points
from thidua.cycles import selectors
from thidua.cycles.models import ClusterYear, Conference, ProposalStatus, VoteKind
from thidua.cycles.services import form_label
from thidua.organisations.models import ClusterKind, ClusterMembership, ClusterRole


@dataclass(frozen=True)
class Draft:
    title: str
    summary: str
    paragraphs: list[str]

    @property
    def body(self) -> str:
        """The paragraphs as HTML, every fact escaped."""
        return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in self.paragraphs)


def _lower_first(text: str) -> str:
    """"Các đơn vị …" -> "các đơn vị …" inside a sentence; "UBND …" stays as it is."""
    text = text.strip().rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _join(names: list[str]) -> str:
    """"A", "A và B", "A, B và C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} và {names[-1]}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def _opening(cluster_year: ClusterYear, conference: Conference) -> str:
    place = conference.place or conference.host.name
    if conference.host.name.lower() not in place.lower():
        place = f"{place} ({conference.host.name} đăng cai)"
    return (
        f"Ngày {conference.held_on:%d/%m/%Y}, tại {place}, {cluster_year.cluster.name} tổ chức "
        f"Hội nghị tổng kết công tác thi đua, khen thưởng năm {cluster_year.year}."
    )


def _group_word(cluster_year: ClusterYear) -> str:
    """How the text names the group: "Cụm" for a cụm thi đua, "Khối" for a khối."""
    return "Khối" if cluster_year.cluster.kind == ClusterKind.BLOCK else "Cụm"


def _attendance(cluster_year: ClusterYear, conference: Conference, member_count: int) -> str | None:
    attendees = list(conference.attendees.all())
    represented = {a.unit_id for a in attendees if a.unit_id}
    parts = []
    if conference.guests:
        parts.append(_lower_first(conference.guests))
    if represented:
        group = _group_word(cluster_year)
        parts.append(f"lãnh đạo {len(represented):02d}/{member_count:02d} đơn vị thành viên của {group}")
    sentences = []
    if parts:
        sentences.append(_sentence(f"Dự Hội nghị có {'; '.join(parts)}"))
    if conference.chair:
        chair = conference.chair.strip().rstrip(".")
        # "Name, Giám đốc Sở …" is an apposition: it closes with a comma too.
        sentences.append(_sentence(f"Đồng chí {chair}{',' if ',' in chair else ''} chủ trì Hội nghị"))
    return " ".join(sentences) or None


def _results(cluster_year: ClusterYear, conference: Conference) -> str | None:
    sentences = []
    if conference.achievements:
        achievements = _lower_first(conference.achievements)
        sentences.append(_sentence(f"Theo báo cáo tổng kết, năm {cluster_year.year}, {achievements}"))
    if conference.limitations:
        sentences.append(_sentence(f"Bên cạnh đó, {_lower_first(conference.limitations)}"))
    return " ".join(sentences) or None


def _first_ranked(rows: list) -> list:
    """The unit(s) at the top of the ranking, none when nobody has scored yet."""
    if not rows or not any(row.total for row in rows):
        return []
    return [row for row in rows if row.rank == rows[0].rank]


def _ranking(cluster_year: ClusterYear, rows: list) -> str | None:
    leaders = _first_ranked(rows)
    if not leaders:
        return None
    names = _join([row.unit.name for row in leaders])
    lead = "dẫn đầu" if len(leaders) == 1 else "đồng dẫn đầu"
    text = (
        f"Căn cứ kết quả chấm điểm, xếp hạng thi đua, {names} {lead} {cluster_year.cluster.name} "
        f"năm {cluster_year.year} với {format_points(leaders[0].total)} điểm"
    )
    following = [row for row in rows if row.rank != leaders[0].rank][: max(0, 3 - len(leaders))]
    if following:
        text += "; tiếp theo là " + _join([f"{row.unit.name} ({format_points(row.total)} điểm)" for row in following])
    return _sentence(text)


def _vote_count(votes: list, proposal) -> tuple[int, int] | None:
    """Approving ballots and electorate of the vote that carried `proposal`."""
    for vote in votes:
        if vote.is_open or not vote.passed or vote.winner is None:
            continue
        if vote.kind == VoteKind.PROPOSAL and vote.proposal_id == proposal.pk:
            return vote.winner.count, vote.electorate
        if vote.kind == VoteKind.TIE and vote.form == proposal.form and vote.winner.unit_id == proposal.unit_id:
            return vote.winner.count, vote.electorate
    return None


def _proposals(cluster_year: ClusterYear, votes: list) -> str | None:
    proposals = list(
        cluster_year.proposals.filter(status__in=[ProposalStatus.APPROVED, ProposalStatus.SUBMITTED])
        .select_related("unit").order_by("rank", "unit__sort_key")
    )
    if not proposals:
        return None
    counts = {p.pk: _vote_count(votes, p) for p in proposals}
    same = set(counts.values())
    per_unit = len(same) > 1
    by_form: dict[str, list[str]] = {}
    for proposal in proposals:
        name = proposal.unit.name
        if per_unit and counts[proposal.pk]:
            yes, electorate = counts[proposal.pk]
            name += f" ({yes}/{electorate} đơn vị tán thành)"
        by_form.setdefault(proposal.form, []).append(name)
    awards = "; ".join(f"{form_label(form)} cho {_join(names)}" for form, names in by_form.items())
    tally = ""
    if not per_unit and None not in same:
        yes, electorate = next(iter(same))
        tally = f" với {yes}/{electorate} đơn vị thành viên tán thành"
    return _sentence(f"Hội nghị đã biểu quyết{tally}, thống nhất đề nghị UBND tỉnh xét tặng {awards}")


def _next_leadership(cluster_year: ClusterYear) -> dict[str, str]:
    """Next year's Trưởng and Phó trưởng cụm (role -> unit name), as the conference elected them."""
    return {
        m.role: m.unit.name
        for m in ClusterMembership.objects.filter(
            cluster_id=cluster_year.cluster_id, year=cluster_year.year + 1,
            role__in=[ClusterRole.LEADER, ClusterRole.VICE],
        ).select_related("unit")
    }


def _election(cluster_year: ClusterYear, roles: dict[str, str]) -> str | None:
    next_year = cluster_year.year + 1
    parts = []
    if ClusterRole.LEADER in roles:
        parts.append(f"{roles[ClusterRole.LEADER]} làm Trưởng cụm")
    if ClusterRole.VICE in roles:
        parts.append(f"{roles[ClusterRole.VICE]} làm Phó trưởng cụm")
    if not parts:
        return None
    return _sentence(f"Hội nghị đã bầu {', '.join(parts)} năm {next_year}")


def _outlook(cluster_year: ClusterYear, conference: Conference) -> str | None:
    next_year = cluster_year.year + 1
    sentences = []
    if conference.measures:
        measures = _lower_first(conference.measures)
        sentences.append(_sentence(f"Về phương hướng năm {next_year}, Hội nghị thống nhất: {measures}"))
    following = ClusterYear.objects.filter(cluster_id=cluster_year.cluster_id, year=next_year).first()
    if following is not None:
        pact, signatures, unsigned = selectors.pact_status(following)
        if pact is not None and signatures:
            who = "các đơn vị thành viên" if not unsigned else f"{len(signatures):02d} đơn vị thành viên"
            sentences.append(f"Cũng tại Hội nghị, {who} đã ký giao ước thi đua năm {next_year}.")
    return " ".join(sentences) or None


def draft_from_cluster_year(cluster_year: ClusterYear) -> Draft:
    """The conference article of `cluster_year`: title, summary and paragraphs."""
    conference = (
        Conference.objects.filter(cluster_year=cluster_year)
        .select_related("host").prefetch_related("attendees").first()
    )
    if conference is None:
        raise InvalidTransition("Chưa ghi thông tin hội nghị tổng kết: chưa có dữ liệu để soạn tin.")
    cluster_year = ClusterYear.objects.select_related("cluster").get(pk=cluster_year.pk)
    votes = selectors.votes(cluster_year)
    rows = selectors.ranking(cluster_year).rows
    leadership = _next_leadership(cluster_year)
    members = len(selectors.members(cluster_year))
    paragraphs = [
        " ".join(filter(None, [_opening(cluster_year, conference), _attendance(cluster_year, conference, members)])),
        _results(cluster_year, conference),
        _ranking(cluster_year, rows),
        _proposals(cluster_year, votes),
        " ".join(filter(None, [_election(cluster_year, leadership), _outlook(cluster_year, conference)])),
    ]
    title = f"{cluster_year.cluster.name} tổng kết công tác thi đua, khen thưởng năm {cluster_year.year}"
    summary = _summary(cluster_year, conference, rows, leadership)
    return Draft(title=title, summary=summary, paragraphs=[p for p in paragraphs if p])


def _summary(cluster_year: ClusterYear, conference: Conference, rows: list, leadership: dict) -> str:
    """The lead (sapo): when, who, and the two results readers look for."""
    text = (
        f"Ngày {conference.held_on:%d/%m/%Y}, {cluster_year.cluster.name} tổng kết công tác thi đua, "
        f"khen thưởng năm {cluster_year.year}"
    )
    results = []
    first = _first_ranked(rows)
    if first:
        results.append(f"{_join([row.unit.name for row in first])} dẫn đầu {_group_word(cluster_year)}")
    if ClusterRole.LEADER in leadership:
        results.append(f"{leadership[ClusterRole.LEADER]} được bầu làm Trưởng cụm năm {cluster_year.year + 1}")
    return _sentence(f"{text}: {'; '.join(results)}" if results else text)
