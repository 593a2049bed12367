"""/accounts/users/: the accounts list and the pages that create and edit one (staff and admins)."""

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bureau.accounts.permissions import can_manage_user, can_manage_users
from bureau.accounts.services import user_deactivate
from bureau.flash import flash_write, form_write
from bureau.roles import PRIORITY, Role, require, role_of
from enterprises.users.forms import AccountCreateForm, AccountEditForm, UserFilter
from enterprises.users.services import account_create, account_update
from grids.models import GridAssignment

PER_PAGE = 50


def listed_role(user):
    """The user's role, from its prefetched groups (bureau.roles.role_of asks the database per user)."""
    if user.is_superuser:
        return Role.ADMIN
    names = {group.name for group in user.groups.all()}
    return next((role for role in PRIORITY if role.value in names), None)


def role_label(role):
    return role.label if role else "无角色"


def user_list(request):
    require(can_manage_users(request.user), "管理用户")
    users = get_user_model().objects.select_related("enterprise_membership__enterprise").prefetch_related("groups")
    filterset = UserFilter(request.GET or None, queryset=users.order_by("username", "pk"), request=request)
    page_obj = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    # Staff see admins but cannot open them (bureau.accounts.permissions.can_manage_user): no link to a 403.
    sees_admins = role_of(request.user) == Role.ADMIN
    rows = []
    for user in page_obj:
        role = listed_role(user)
        rows.append((user, role_label(role), sees_admins or role != Role.ADMIN))
    return render(
        request,
        "users/list.html",
        {"filter": filterset, "page_obj": page_obj, "rows": rows, "total": page_obj.paginator.count},
    )


def user_create(request):
    require(can_manage_users(request.user), "创建用户")
    form = AccountCreateForm(request.POST or None, actor=request.user)
    made = form_write(
        request,
        form,
        lambda data: account_create(
            username=data["username"],
            password=data["password1"],
            role=data["role"],
            name=data["name"],
            phone=data["phone"],
            enterprise=data["enterprise"],
            actor=request.user,
        ),
        lambda user: f"已创建用户 {user.username}，其首次登录须修改初始密码。",
    )
    if made is not None:
        return redirect("users:edit", made.pk)
    return render(request, "users/form.html", {"form": form})


def _managed_user(request, pk):
    user = get_object_or_404(get_user_model(), pk=pk)
    require(can_manage_user(request.user, user), "修改该用户")
    return user


def user_edit(request, pk):
    user = _managed_user(request, pk)
    role = role_of(user)
    form = AccountEditForm(
        request.POST or None, initial=AccountEditForm.initial_for(user), actor=request.user, managed_role=role
    )
    saved = form_write(
        request,
        form,
        lambda data: account_update(user=user, actor=request.user, **{"enterprise": None, **data}),
        lambda saved: f"已保存用户 {saved.username}。",
    )
    if saved is not None:
        return redirect("users:list")
    assignments = GridAssignment.objects.current().filter(user=user).select_related("cell").order_by("cell__path")
    return render(
        request,
        "users/form.html",
        {
            "form": form,
            "managed": user,
            "role": role_label(role),
            "is_grid_officer": role == Role.GRID_OFFICER,
            "assignments": assignments,
        },
    )


@require_POST
def user_deactivate_view(request, pk):
    user = _managed_user(request, pk)
    flash_write(
        request,
        None,
        lambda: user_deactivate(user=user, actor=request.user),
        f"已停用用户 {user.username}。",
        failed="未停用：",
    )
    return redirect("users:edit", user.pk)
