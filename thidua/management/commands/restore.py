"""`thidua restore FILE.tar.gz`: replace the database and the uploaded files with a backup's.

Everything happens in one transaction: if the backup cannot be loaded, the database is left as
it was. Uploaded files are unpacked beside the media folder first and swapped in at the end.
"""

import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from thidua.management.commands.backup import FORMAT


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và tệp tải lên từ một tệp sao lưu (.tar.gz); dữ liệu hiện có bị thay thế."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="không hỏi lại")

    def handle(self, *args, archive, yes=False, **options):
        if not Path(archive).is_file():
            raise CommandError(f"Không tìm thấy tệp sao lưu {archive}.")
        if not yes:
            answer = input("Toàn bộ dữ liệu hiện có sẽ bị thay bằng bản sao lưu. Gõ 'dong y' để tiếp tục: ")
            if answer.strip().lower() not in {"dong y", "đồng ý"}:
                raise CommandError("Đã huỷ khôi phục.")
        with tempfile.TemporaryDirectory(prefix="thidua-restore-") as work:
            folder = Path(work)
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(folder, filter="data")
            manifest = json.loads((folder / "manifest.json").read_text())
            if manifest.get("format") != FORMAT:
                raise CommandError("Tệp sao lưu không đúng định dạng của phiên bản này.")
            fixture = folder / "database.json"
            with transaction.atomic():
                call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
                call_command("loaddata", str(fixture), verbosity=0)
            media = Path(settings.MEDIA_ROOT)
            restored = folder / "media"
            if media.exists():
                shutil.rmtree(media)
            if restored.exists():
                shutil.copytree(restored, media)
        self.stdout.write(f"Đã khôi phục từ {archive}.")
