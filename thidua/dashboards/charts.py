"""The registry of dashboard charts.

A chart is one selector (Filters -> Table) and one `ChartDef` entry here: the pages, the HTML
tables, the chart data and the XLSX export are all generic over this list. To add a chart (e.g.
movement participation), write its selector and append its entry to PROVINCE or CLUSTER.
"""

from collections.abc import Callable
from dataclasses import dataclass

from thidua.dashboards import selectors
from thidua.dashboards.selectors import Filters, Table


@dataclass(frozen=True)
class ChartDef:
    slug: str
    title: str
    selector: Callable[[Filters], Table]
    kind: str = "bar"  # a Chart.js type: bar, line
    series: tuple[int, ...] = (1,)  # the table's columns drawn; () draws every column after the first
    stacked: bool = False
    horizontal: bool = False
    reverse_axis: bool = False  # ranks: 1 at the top
    percent: bool = False  # the value axis runs 0–100
    transpose: bool = False  # one line per table row across the columns (a unit's rank by year)
    description: str = ""

    def data(self, table: Table) -> dict:
        """What the chart script reads (through json_script): Chart.js's type, labels, datasets."""
        columns = self.series or tuple(range(1, len(table.columns)))
        if self.transpose:
            labels = [table.columns[i] for i in columns]
            datasets = [{"label": str(row[0]), "data": [_number(row[i]) for i in columns]} for row in table.rows]
        else:
            labels = table.labels
            datasets = [{"label": table.columns[i], "data": [_number(v) for v in table.series(i)]} for i in columns]
        return {
            "type": self.kind,
            "labels": labels,
            "datasets": datasets,
            "stacked": self.stacked,
            "horizontal": self.horizontal,
            "reverse": self.reverse_axis,
            "percent": self.percent,
        }


def _number(value):
    return None if value is None else float(value)


PROVINCE: list[ChartDef] = [
    ChartDef(
        "theo-hinh-thuc", "Khen thưởng theo danh hiệu, hình thức", selectors.awards_by_form,
        series=(1, 2), stacked=True, horizontal=True,
        description="Số lượt danh hiệu, hình thức khen thưởng đã nhận trong khoảng năm đã chọn.",
    ),
    ChartDef(
        "theo-don-vi", "Khen thưởng theo đơn vị", selectors.awards_by_unit,
        series=(1, 2), stacked=True, horizontal=True,
        description="Khen thưởng của tập thể đơn vị và của cá nhân đang công tác tại đơn vị.",
    ),
    ChartDef(
        "theo-nam", "Khen thưởng theo năm", selectors.awards_by_year, series=(1, 2), stacked=True,
        description="Số lượt khen thưởng theo năm thành tích.",
    ),
    ChartDef(
        "ty-le-nu", "Tỷ lệ nữ trong số cá nhân được khen thưởng", selectors.women_share,
        kind="line", series=(3,), percent=True,
        description="Mỗi cá nhân được tính một lần trong năm, dù nhận nhiều danh hiệu, hình thức.",
    ),
    ChartDef(
        "xep-hang-qua-cac-nam", "Thứ hạng của các đơn vị trong cụm qua các năm", selectors.rank_history,
        kind="line", series=(), reverse_axis=True, transpose=True,
        description="Chỉ tính các năm thi đua đã trình tỉnh hoặc đã kết thúc.",
    ),
    ChartDef(
        "huong-ung-phong-trao", "Hưởng ứng phong trào thi đua", selectors.movement_participation,
        series=(1, 2, 3, 4), stacked=True, horizontal=True,
        description="Số đơn vị gửi kế hoạch hưởng ứng đúng hạn, trễ hạn hoặc chưa gửi, theo từng phong trào.",
    ),
]

CLUSTER: list[ChartDef] = [
    ChartDef(
        "xep-hang-qua-cac-nam", "Thứ hạng qua các năm", selectors.rank_history,
        kind="line", series=(), reverse_axis=True, transpose=True,
        description="Chỉ tính các năm thi đua đã trình tỉnh hoặc đã kết thúc.",
    ),
    ChartDef(
        "so-sanh-nhom-tieu-chi", "Điểm theo nhóm tiêu chí", selectors.group_comparison,
        series=(), description="Điểm từng nhóm tiêu chí của mỗi đơn vị trong năm gần nhất đã chọn.",
    ),
    ChartDef(
        "khen-thuong-theo-nam", "Khen thưởng của các đơn vị thành viên theo năm", selectors.awards_by_year,
        series=(1, 2), stacked=True,
        description="Khen thưởng của đơn vị thành viên và cá nhân của đơn vị trong các năm là thành viên cụm.",
    ),
]

SCOPES = {"tinh": PROVINCE, "cum": CLUSTER}


def chart_of(scope: str, slug: str) -> ChartDef | None:
    return next((chart for chart in SCOPES[scope] if chart.slug == slug), None)
