"""`manage.py create_admin USERNAME`: the first system administrator of a new installation.

Unlike `createsuperuser`, the account is made the way the portal makes every account (user_create): in the
admin role's group, with a profile, and with the portal's password rules.
"""

import getpass
import os

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from bureau.accounts.services import user_create
from bureau.roles import Role

PASSWORD_ENV = "DJANGO_SUPERUSER_PASSWORD"


class Command(BaseCommand):
    help = f"创建系统管理员账号（admin 角色）。密码交互输入；--noinput 时取环境变量 {PASSWORD_ENV}。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", default="", help="姓名")
        parser.add_argument("--phone", default="", help="联系电话")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help=f"不提问，密码取 {PASSWORD_ENV}"
        )

    def handle(self, *args, username, name, phone, interactive, **options):
        if get_user_model().objects.filter(username=username).exists():
            raise CommandError(f"用户名 {username} 已存在。")
        password = self._ask_password() if interactive else os.environ.get(PASSWORD_ENV, "")
        if not password:
            raise CommandError(f"没有密码：请交互输入，或以 --noinput 运行并设置 {PASSWORD_ENV}。")
        try:
            user_create(username=username, password=password, role=Role.ADMIN, name=name, phone=phone)
        except ValidationError as exc:
            raise CommandError("未创建：" + "；".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"已创建系统管理员 {username}，可登录 /accounts/login/ 与 /admin/。"))

    def _ask_password(self):
        password = getpass.getpass("密码：")
        if password != getpass.getpass("再次输入密码："):
            raise CommandError("两次输入的密码不一致。")
        return password
