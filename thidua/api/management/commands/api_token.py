"""`thidua api_token USERNAME [--name NAME]`: print a new API token for the user."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from thidua.api import services
from thidua.core.errors import ValidationFailed


class Command(BaseCommand):
    help = (
        "Cấp một mã truy cập API mới cho người dùng và in mã ra (chỉ một lần: hệ thống chỉ lưu "
        "giá trị băm). Dùng trong tiêu đề “Authorization: Bearer <mã>”."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="tên đăng nhập")
        parser.add_argument("--name", default="", help="tên gợi nhớ của mã, ví dụ “máy chủ báo cáo”")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{username}”.")
        try:
            # actor None: the operator of the command line already controls the server.
            token, plain = services.token_create(actor=None, user=user, name=name)
        except ValidationFailed as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        self.stderr.write(f"Mã truy cập API cho {username} (tiền tố {token.prefix}); hãy lưu lại, mã không hiện lại lần nữa:")
        # The token alone on stdout, so that scripts can read it: TOKEN=$(thidua api_token …)
        self.stdout.write(plain)
