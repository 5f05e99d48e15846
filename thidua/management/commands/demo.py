from django.core.management.base import BaseCommand

from thidua.demo import awards, cycles, movements, news, organisations


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (Cụm thi đua số II). Chạy lại nhiều lần không tạo bản ghi trùng."

    def handle(self, *args, **options):
        accounts = organisations.load()
        cycles.load()
        cycles.load_conference()
        awards.load()
        news.load()
        movements.load()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {organisations.DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(f"  {account.username:<15} {account.description}")
