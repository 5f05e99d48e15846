"""`thidua backup FILE.tar.gz`: the whole database (as Django fixtures, so a backup taken on
SQLite restores on PostgreSQL and back) and every uploaded file, in one archive."""

import io
import json
import tarfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by Django, or throwaway state: not part of a backup.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "admin.logentry"]
FORMAT = 1


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp tải lên vào một tệp .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="đường dẫn tệp sao lưu (.tar.gz)")

    def handle(self, *args, archive, **options):
        started = time.perf_counter()
        data = io.StringIO()
        call_command(
            "dumpdata", natural_foreign=True, natural_primary=False, exclude=EXCLUDED, stdout=data, indent=None,
        )
        payload = data.getvalue().encode("utf-8")
        manifest = {"format": FORMAT, "database_vendor": settings.DATABASES["default"]["ENGINE"], "created": time.time()}
        media = Path(settings.MEDIA_ROOT)
        files = 0
        with tarfile.open(archive, "w:gz") as tar:
            self._add(tar, "manifest.json", json.dumps(manifest).encode())
            self._add(tar, "database.json", payload)
            if media.exists():
                for path in sorted(media.rglob("*")):
                    if path.is_file():
                        tar.add(path, arcname=f"media/{path.relative_to(media)}")
                        files += 1
        self.stdout.write(
            f"Đã sao lưu vào {archive}: {len(payload):,} byte dữ liệu, {files} tệp tải lên "
            f"({time.perf_counter() - started:.1f} giây)."
        )

    @staticmethod
    def _add(tar: tarfile.TarFile, name: str, content: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size = len(content)
        info.mtime = int(time.time())
        tar.addfile(info, io.BytesIO(content))
