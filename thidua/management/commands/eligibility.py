"""`thidua eligibility FILE.json`: the eligibility engine as a calculator.

The file format is documented in thidua/rules/eligibility_json.py.
"""

from thidua.management.calculator import CalculatorCommand
from thidua.rules.eligibility_json import EligibilityInputError, eligibility_document, load_json


class Command(CalculatorCommand):
    help = (
        "Xét điều kiện danh hiệu thi đua, hình thức khen thưởng cho các cá nhân, tập thể trong một "
        "tệp JSON và in kết quả dạng JSON. Dữ liệu sai: mã thoát 2, mỗi lỗi một dòng trên stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp JSON, hoặc - để đọc từ đầu vào chuẩn")

    def handle(self, *args, file, **options):
        try:
            output = eligibility_document(load_json(self.read(file)))
        except EligibilityInputError as e:
            self.fail(e.problems)
        self.print_json(output)
