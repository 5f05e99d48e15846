"""`thidua ranking FILE.json`: the ranking engine as a calculator (format: rules/ranking_json)."""

import json
import sys
from typing import NoReturn

from django.core.management.base import BaseCommand

from thidua.core.errors import NotFound
from thidua.cycles import selectors
from thidua.rules.ranking import RankingInputError
from thidua.rules.ranking_json import load_json, ranking_document


class Command(BaseCommand):
    help = (
        "Xếp hạng các đơn vị trong cụm từ một tệp JSON (tiêu chí, đơn vị, điểm, cách tổng hợp, "
        "chỉ tiêu) và in kết quả dạng JSON. Dữ liệu sai: mã thoát 2, mỗi lỗi một dòng trên stderr."
    )
    # A calculator over a file: it needs neither the database nor the project's checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="tệp JSON, hoặc - để đọc từ đầu vào chuẩn")
        parser.add_argument("--cluster", help="mã cụm thi đua (lấy dữ liệu từ cơ sở dữ liệu)")
        parser.add_argument("--year", type=int, help="năm thi đua")

    def handle(self, *args, file=None, cluster=None, year=None, **options):
        if cluster is not None or year is not None:
            document = self._stored_document(cluster, year, file)
            self.stdout.write(json.dumps(ranking_document(document), ensure_ascii=False, indent=2))
            return
        if file is None:
            self._fail(["Cần chỉ ra tệp JSON, hoặc - để đọc từ đầu vào chuẩn."])
        try:
            output = ranking_document(load_json(self._read(file)))
        except RankingInputError as e:
            self._fail(e.problems)
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))

    def _stored_document(self, cluster: str | None, year: int | None, file: str | None) -> dict:
        """The stored cluster year in the calculator's input format: the page's own numbers."""
        if file is not None or cluster is None or year is None:
            self._fail(["Dùng hoặc một tệp JSON, hoặc cả --cluster và --year."])
        try:
            cluster_year = selectors.cluster_year_find(cluster_code=cluster, year=year)
        except NotFound as e:
            self._fail([e.message])
        return selectors.ranking_document(cluster_year)

    def _read(self, file: str) -> str:
        try:
            # utf-8-sig: files saved by Windows editors start with a byte-order mark.
            if file == "-":
                stdin = getattr(sys.stdin, "buffer", None)
                return stdin.read().decode("utf-8-sig") if stdin else sys.stdin.read()
            with open(file, encoding="utf-8-sig") as f:
                return f.read()
        except FileNotFoundError:
            self._fail([f"Không tìm thấy tệp {file}."])
        except IsADirectoryError:
            self._fail([f"{file} là một thư mục, không phải tệp JSON."])
        except PermissionError:
            self._fail([f"Không có quyền đọc tệp {file}."])
        except UnicodeDecodeError:
            self._fail([f"Tệp {file} không phải văn bản UTF-8."])
        except OSError:
            self._fail([f"Không đọc được tệp {file}."])

    def _fail(self, problems: list[str]) -> NoReturn:
        for problem in problems:
            self.stderr.write(problem)
        # Status 2 without Django's "CommandError:" prefix, and nothing on stdout.
        sys.exit(2)
