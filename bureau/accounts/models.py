from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from bureau.accounts.roles import Role


class Profile(models.Model):
    """What a user is attached to: an enterprise user's enterprise, a grid officer's cell."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user_profiles",
        verbose_name="所属企业",
    )
    grid_cell = models.ForeignKey(
        "grids.GridCell",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officer_profiles",
        verbose_name="负责网格",
    )
    phone = models.CharField("联系电话", max_length=32, blank=True)

    class Meta:
        verbose_name = "用户档案"
        verbose_name_plural = "用户档案"

    def __str__(self):
        return f"{self.user.username} 的档案"

    def check_for_role(self, role):
        """Raise ValidationError when the profile lacks what the role needs."""
        if role == Role.ENTERPRISE and self.enterprise_id is None:
            raise ValidationError({"enterprise": "企业用户必须指定所属企业。"})
        if role == Role.GRID_OFFICER and self.grid_cell_id is None:
            raise ValidationError({"grid_cell": "网格责任人必须指定负责网格。"})


class Notification(models.Model):
    """An in-app notice to one user. `key` makes a notice idempotent: the same key never notifies twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=100)
    message = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_key")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.message
