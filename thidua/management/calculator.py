"""What the rules engines' calculator commands share: reading a JSON file or stdin, printing
JSON, and failing with status 2 and one Vietnamese message per problem on stderr."""

import json
import sys
from typing import NoReturn

from django.core.management.base import BaseCommand


class CalculatorCommand(BaseCommand):
    # A calculator over a file: it needs neither the database nor the project's checks.
    requires_system_checks: list[str] = []

    def print_json(self, output: dict) -> None:
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))

    def read(self, file: str) -> str:
        try:
            # utf-8-sig: files saved by Windows editors start with a byte-order mark.
            if file == "-":
                stdin = getattr(sys.stdin, "buffer", None)
                return stdin.read().decode("utf-8-sig") if stdin else sys.stdin.read()
            with open(file, encoding="utf-8-sig") as f:
                return f.read()
        except FileNotFoundError:
            self.fail([f"Không tìm thấy tệp {file}."])
        except IsADirectoryError:
            self.fail([f"{file} là một thư mục, không phải tệp JSON."])
        except PermissionError:
            self.fail([f"Không có quyền đọc tệp {file}."])
        except UnicodeDecodeError:
            self.fail([f"Tệp {file} không phải văn bản UTF-8."])
        except OSError:
            self.fail([f"Không đọc được tệp {file}."])

    def fail(self, problems: list[str]) -> NoReturn:
        for problem in problems:
            self.stderr.write(problem)
        # Status 2 without Django's "CommandError:" prefix, and nothing on stdout.
        sys.exit(2)
