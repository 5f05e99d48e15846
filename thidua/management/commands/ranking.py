"""`thidua ranking FILE.json`: the ranking engine as a calculator (format: rules/ranking_json)."""

from thidua.core.errors import NotFound
from thidua.cycles import selectors
from thidua.management.calculator import CalculatorCommand
from thidua.rules.ranking import RankingInputError
from thidua.rules.ranking_json import load_json, ranking_document


class Command(CalculatorCommand):
    help = (
        "Xếp hạng các đơn vị trong cụm từ một tệp JSON (tiêu chí, đơn vị, điểm, cách tổng hợp, "
        "chỉ tiêu) và in kết quả dạng JSON. Dữ liệu sai: mã thoát 2, mỗi lỗi một dòng trên stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="tệp JSON, hoặc - để đọc từ đầu vào chuẩn")
        parser.add_argument("--cluster", help="mã cụm thi đua (lấy dữ liệu từ cơ sở dữ liệu)")
        parser.add_argument("--year", type=int, help="năm thi đua")

    def handle(self, *args, file=None, cluster=None, year=None, **options):
        if cluster is not None or year is not None:
            self.print_json(ranking_document(self._stored_document(cluster, year, file)))
            return
        if file is None:
            self.fail(["Cần chỉ ra tệp JSON, hoặc - để đọc từ đầu vào chuẩn."])
        try:
            output = ranking_document(load_json(self.read(file)))
        except RankingInputError as e:
            self.fail(e.problems)
        self.print_json(output)

    def _stored_document(self, cluster: str | None, year: int | None, file: str | None) -> dict:
        """The stored cluster year in the calculator's input format: the page's own numbers."""
        if file is not None or cluster is None or year is None:
            self.fail(["Dùng hoặc một tệp JSON, hoặc cả --cluster và --year."])
        try:
            cluster_year = selectors.cluster_year_find(cluster_code=cluster, year=year)
        except NotFound as e:
            self.fail([e.message])
        return selectors.ranking_document(cluster_year)
