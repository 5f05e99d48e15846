"""`thidua eligibility FILE.json`: the eligibility engine as a calculator.

The file format is documented in thidua/rules/eligibility_json.py.
"""

import json
import sys
from typing import NoReturn

from django.core.management.base import BaseCommand

from thidua.rules.eligibility_json import EligibilityInputError, eligibility_document, load_json


class Command(BaseCommand):
    help = (
        "Xét điều kiện danh hiệu thi đua, hình thức khen thưởng cho các cá nhân, tập thể trong một "
        "tệp JSON và in kết quả dạng JSON. Dữ liệu sai: mã thoát 2, mỗi lỗi một dòng trên stderr."
    )
    # A calculator over a file: it needs neither the database nor the project's checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp JSON, hoặc - để đọc từ đầu vào chuẩn")

    def handle(self, *args, file, **options):
        try:
            output = eligibility_document(load_json(self._read(file)))
        except EligibilityInputError as e:
            self._fail(e.problems)
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))

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
