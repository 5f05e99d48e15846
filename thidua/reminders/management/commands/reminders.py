"""`thidua reminders [--date YYYY-MM-DD] [--dry-run]`: the daily reminder run, by hand."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from thidua.reminders import services


def _date(raw: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"Ngày không hợp lệ: “{raw}” (dạng YYYY-MM-DD, ví dụ 2026-12-01).") from None


class Command(BaseCommand):
    help = "Gửi thư nhắc các việc sắp đến hạn, quá hạn (như tác vụ chạy hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, default=None, help="Ngày tính hạn (YYYY-MM-DD); mặc định hôm nay.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê thư sẽ gửi, không gửi, không ghi.")

    def handle(self, *args, date=None, dry_run=False, **options):
        run = services.reminders_send(today=date, dry_run=dry_run)
        for mail in run.mails:
            self.stdout.write(f"{mail.recipient.get_username()} <{mail.recipient.email}>:")
            for item in mail.items:
                unit = f" – {item.unit_name}" if item.unit_name else ""
                self.stdout.write(f"  - {item.deadline.title}{unit}: hạn {item.deadline.due:%d/%m/%Y} ({item.status})")
        verb = "Sẽ gửi" if dry_run else "Đã gửi"
        self.stdout.write(f"{verb} {len(run.mails)} thư nhắc việc ({run.item_count} việc), ngày {run.today:%d/%m/%Y}.")
        if run.failed:
            raise CommandError("Không gửi được thư tới: " + ", ".join(run.failed))
