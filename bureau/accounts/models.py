from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from simple_history import register
from simple_history.models import HistoricalRecords


class Profile(models.Model):
    """A user's phone number. What a user is attached to lives with what it is attached to (accounts points at no
    other app): a grid officer's cells are grids.GridAssignment, an enterprise user's enterprise is
    enterprises.EnterpriseMembership."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name="用户"
    )
    phone = models.CharField("联系电话", max_length=32, blank=True)
    # Set when someone else chose the password (an issued or reset one-time password, an account made by an
    # admin): bureau.accounts.first_password sends the user to change it before anything else.
    must_change_password = models.BooleanField("须修改初始密码", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "用户档案"
        verbose_name_plural = "用户档案"

    def __str__(self):
        return f"{self.user.username} 的档案"


# simple-history names the module of an app whose label differs from its path ("accounts" in bureau.accounts)
# after the app, not its models module, where the class actually lives; say where it is so pickle and
# `manage.py shell` find it.
Profile.history.model.__module__ = __name__


class Notification(models.Model):
    """An in-app notice to one user. `key` makes a notice idempotent: the same key never notifies twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="接收人"
    )
    key = models.CharField("通知键", max_length=100)
    message = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=200, blank=True)
    created_at = models.DateTimeField("通知时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_key")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.message


class SignInEvent(models.Model):
    """One sign-in, sign-out, failed sign-in or lockout, for the audit trail."""

    class Kind(models.TextChoices):
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"
        LOGOUT = "logout", "退出"
        LOCKOUT = "lockout", "锁定"

    # The name as typed: a failed sign-in may name no user at all.
    username = models.CharField("用户名", max_length=150, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="用户",
    )
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "登录记录"
        verbose_name_plural = "登录记录"

    def __str__(self):
        return f"{self.username} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class PreviousPasswordQuerySet(models.QuerySet):
    def latest_hashes(self, user, count):
        return list(self.filter(user=user).order_by("-id").values_list("password", flat=True)[:count])

    def remember(self, user, *, keep):
        """Record the user's current password hash and forget all but the newest `keep`."""
        self.create(user=user, password=user.password)
        kept = self.filter(user=user).order_by("-id").values_list("pk", flat=True)[:keep]
        self.filter(user=user).exclude(pk__in=list(kept)).delete()


class PreviousPassword(models.Model):
    """The hash of a password a user has had, so a change cannot go back to one of the last few
    (bureau.accounts.validators.PasswordHistoryValidator). Apart from the user's history, which holds no hash."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="用户")
    password = models.CharField("密码（哈希）", max_length=128)
    set_at = models.DateTimeField("设置时间", default=timezone.now)

    objects = PreviousPasswordQuerySet.as_manager()

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"

    def __str__(self):
        return f"{self.user_id} {self.set_at:%Y-%m-%d %H:%M}"


class UserHistoryExtras(models.Model):
    """What the user's history keeps instead of the password: only that it changed."""

    password_changed = models.BooleanField("密码已修改", default=False)

    class Meta:
        abstract = True


class UserHistoricalRecords(HistoricalRecords):
    def post_save(self, instance, created, using=None, **kwargs):
        # A sign-in only stamps last_login; sign-ins have their own record (SignInEvent).
        if kwargs.get("update_fields") == frozenset({"last_login"}):
            return
        super().post_save(instance, created, using=using, **kwargs)


# The password hash never enters the history; last_login would only repeat the sign-in records.
register(
    get_user_model(),
    app="bureau.accounts",
    records_class=UserHistoricalRecords,
    excluded_fields=["password", "last_login"],
    m2m_fields=["groups"],
    bases=[UserHistoryExtras],
    verbose_name="用户",
)


class Submission(models.Model):
    """A one-time submission key a user's form was submitted with, and what that submit made (see bureau.once)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="用户")
    key = models.CharField("提交键", max_length=64)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, on_delete=models.SET_NULL, verbose_name="所建对象类型"
    )
    object_id = models.BigIntegerField("所建对象编号", null=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "表单提交"
        verbose_name_plural = "表单提交"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="submission_once_per_user_key")]

    def __str__(self):
        return f"{self.user_id}:{self.key}"
