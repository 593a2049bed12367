"""The smoke steps of `make prod-check` (deploy/prod_check.py starts the stack they run against).

Each step takes the Check, raises CheckFailed (or any error) when something is wrong and returns a one-line
description of what it saw. A new part of the portal adds its step to SMOKE_STEPS.
"""

import io
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import stack
from http_client import Browser, csrf_token
from stack import Processes, expect, wait_for

WEB_PORT = 18601
HTTP_PORT = 18680
HTTPS_PORT = 18643
GUNICORN_WORKERS = 3
WORKER_NAME = "prodcheck"


@dataclass
class Check:
    """What the smoke steps share: where the stack answers, its logs, and what earlier steps found."""

    work_dir: Path
    nginx: str | None
    processes: Processes
    env: dict = field(default_factory=dict)
    browser: Browser | None = None
    cert: Path | None = None
    found: dict = field(default_factory=dict)

    @property
    def base_url(self):
        return f"https://127.0.0.1:{HTTPS_PORT}" if self.nginx else f"http://127.0.0.1:{WEB_PORT}"

    @property
    def gunicorn_log(self):
        return self.work_dir / "logs" / f"gunicorn-{WEB_PORT}.log"


# ------------------------------------------------------------------------------------------- smoke steps


def check_healthz(check):
    def healthy():
        response = check.browser.get("/healthz")
        body = response.text
        if response.status != 200:
            return None
        report = json.loads(body)
        return report if report["checks"].get("workers", {}).get("ok") else None

    report = wait_for("/healthz 全部正常（含 worker）", healthy, timeout=90, interval=1)
    expect(report["ok"] is True, f"/healthz: {report}")
    checks = report["checks"]
    expect(all(checks[name]["ok"] for name in ("database", "redis", "workers")), f"/healthz: {checks}")
    return f"database、redis 正常，worker 应答数 {checks['workers']['detail']}"


def check_tls_and_headers(check):
    response = check.browser.get("/accounts/login/")
    expect(response.status == 200, f"登录页返回 {response.status}")
    hsts = response.headers.get_all("Strict-Transport-Security") or []
    expect(len(hsts) == 1 and "max-age=31536000" in hsts[0], f"Strict-Transport-Security 应恰好一个：{hsts}")
    for name in ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy"):
        expect(len(response.headers.get_all(name) or []) == 1, f"{name} 应恰好一个：{response.headers.get_all(name)}")
    request_id = response.header("X-Request-ID") or ""
    expect(re.fullmatch(r"[0-9a-f]{32}", request_id), f"X-Request-ID 应为 nginx 的 $request_id：{request_id!r}")
    plain = Browser(f"http://127.0.0.1:{HTTP_PORT}")
    redirect = plain.get("/accounts/login/", follow=False)
    expect(redirect.status == 301, f"HTTP 应 301 到 HTTPS，实际 {redirect.status}")
    expect(redirect.header("Location").startswith(f"https://127.0.0.1:{HTTPS_PORT}/"), redirect.header("Location"))
    health = plain.get("/healthz", follow=False)
    expect(health.status == 200, f"本机 HTTP /healthz 应 200（免 HTTPS 跳转），实际 {health.status}")
    return f"TLS 证书校验通过，HSTS 等安全头各一个，HTTP→HTTPS 301，X-Request-ID={request_id}"


def check_sign_in(check):
    check.browser.sign_in("ent_a")
    home = check.browser.get("/")
    # An enterprise user's home is its own dossier.
    expect(home.status == 200 and "/enterprises/" in home.url, f"首页应转到本企业档案，实际 {home.status} {home.url}")
    return f"ent_a 已登录（CSRF 令牌取自登录表单），首页转到 {urlsplit(home.url).path}"


def _jpeg():
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (200, 60, 40))
    ImageDraw.Draw(image).rectangle((100, 100, 540, 380), outline=(255, 255, 255), width=8)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def report_hazard(browser, description):
    """An enterprise user reports a hazard with a photo through the form; the response after its redirect."""
    from django.utils import timezone

    form = browser.get("/hazards/new/")
    expect(form.status == 200, f"/hazards/new/ 返回 {form.status}")
    today = timezone.localdate()
    fields = {
        "csrfmiddlewaretoken": csrf_token(form.text),
        "found_on": today.isoformat(),
        "location": "一号车间配电箱",
        "description": description,
        "category": "site",
        "subcategory": "electricity",
        "level": "general",
        "rectification_deadline": (today + timedelta(days=14)).isoformat(),
        "responsible_person": "周晓东",
        "measures": "关闭箱门并加锁",
        "funds": "",
        "suspension": "none",
    }
    photo = _jpeg()
    return browser.post_form(
        "/hazards/new/", fields, files={"photos": ("配电箱.jpg", "image/jpeg", photo)}, referer="/hazards/new/"
    )


def check_report_hazard(check):
    description = f"生产环境检查：配电箱门未关闭 {uuid.uuid4().hex[:8]}"
    response = report_hazard(check.browser, description)
    match = re.search(r"/hazards/(\d+)/$", response.url)
    expect(
        response.status == 200 and match,
        f"上报后应跳到隐患页，实际 {response.status} {response.url}：{response.text[:500]}",
    )
    expect(description in response.text, "隐患页上没有刚上报的描述")
    photo_match = re.search(r"/hazards/photos/(\d+)/", response.text)
    expect(photo_match, "隐患页上没有照片链接")
    photo_bytes = len(_jpeg())
    check.found.update(hazard_id=int(match.group(1)), photo_id=int(photo_match.group(1)), photo_bytes=photo_bytes)
    return f"隐患 #{match.group(1)} 已上报，照片 #{photo_match.group(1)}（{photo_bytes} 字节）"


def check_upload_too_large(check):
    form = check.browser.get("/hazards/new/")
    too_large = b"\xff" * (13 * 1024 * 1024)  # nginx takes 12 MB (client_max_body_size)
    response = check.browser.post_form(
        "/hazards/new/",
        {"csrfmiddlewaretoken": csrf_token(form.text), "description": "过大的照片"},
        files={"photos": ("过大的照片.jpg", "image/jpeg", too_large)},
        referer="/hazards/new/",
    )
    expect(response.status == 413, f"13 MB 的上传应得到 413，实际 {response.status}")
    expect("上传的文件太大" in response.text, f"413 页面不是门户的中文说明页：{response.text[:300]}")
    return "13 MB 的上传：nginx 直接回答 413，中文说明页（static/errors/413.html）"


def check_photo_only_through_the_app(check):
    from PIL import Image

    from hazards.models import HazardPhoto

    photo_id = check.found["photo_id"]
    response = check.browser.get(f"/hazards/photos/{photo_id}/")
    expect(response.status == 200, f"照片返回 {response.status}")
    expect(response.header("Content-Type") == "image/jpeg", f"Content-Type 是 {response.header('Content-Type')}")
    expect(Image.open(io.BytesIO(response.body)).format == "JPEG", "返回的不是 JPEG 图片")
    stored = HazardPhoto.objects.get(pk=photo_id)
    on_disk = Path(check.env["MEDIA_ROOT"]) / stored.image.name
    expect(on_disk.is_file(), f"MEDIA_ROOT 里没有照片文件 {on_disk}")
    public = check.browser.get(f"/media/{stored.image.name}")
    expect(public.status == 404, f"/media/{stored.image.name} 应 404（照片不公开），实际 {public.status}")
    stranger = Browser(check.base_url, cafile=check.cert)
    anonymous = stranger.get(f"/hazards/photos/{photo_id}/", follow=False)
    expect(anonymous.status == 302, f"未登录访问照片应跳转登录页，实际 {anonymous.status}")
    return f"image/jpeg 经 /hazards/photos/{photo_id}/ 提供；/media/… 404；未登录 302；文件在 MEDIA_ROOT"


def check_celery_task(check):
    from django.db.models import Count

    from deploy.check_tasks import count_cells_by_level
    from grids.models import GridCell

    result = count_cells_by_level.delay()
    counts = result.get(timeout=60)
    expected = {str(level): 0 for level in (1, 2, 3, 4)}
    for row in GridCell.objects.values("level").annotate(n=Count("id")).order_by():
        expected[str(row["level"])] = row["n"]
    expect(counts == expected, f"worker 算出 {counts}，数据库里是 {expected}")
    expect(sum(counts.values()) > 0, "网格为空：seed_demo 没有运行？")
    return f"count_cells_by_level 经 worker 返回 {counts}（任务 {result.id}）"


def check_ranking_and_bulletin(check):
    """Staff start last quarter's ranking from its page; the real worker computes it; the bulletin opens."""
    from django.utils import timezone

    from bureau.assessment.models import Bulletin, RankingRun
    from bureau.quarters import Quarter

    quarter = Quarter.containing(timezone.localdate()).previous()
    staff = Browser(check.base_url, cafile=check.cert)
    staff.sign_in("staff")
    page = staff.get(f"/rankings/{quarter.slug}/")
    expect(page.status == 200, f"排名页返回 {page.status}")
    started = staff.post_form(
        f"/rankings/{quarter.slug}/compute/",
        {"csrfmiddlewaretoken": csrf_token(page.text)},
        referer=f"/rankings/{quarter.slug}/",
    )
    expect(started.status == 200, f"启动计算返回 {started.status}")
    run = RankingRun.objects.filter(year=quarter.year, quarter=quarter.number).order_by("-requested_at").first()
    expect(run is not None, "页面没有创建计算任务")

    def finished():
        run.refresh_from_db()
        return run.status in (RankingRun.Status.DONE, RankingRun.Status.FAILED)

    wait_for("排名计算完成", finished, timeout=120)
    expect(run.status == RankingRun.Status.DONE, f"排名计算失败：{run.message}")
    result = staff.get(f"/rankings/{quarter.slug}/")
    expect("已排名" in result.text and 'http-equiv="refresh"' not in result.text, "排名页没有显示计算结果")
    bulletin = Bulletin.objects.filter(status=Bulletin.Status.PUBLISHED).order_by("-published_at").first()
    expect(bulletin is not None, "没有已发布的通报")
    shown = staff.get(f"/bulletins/{bulletin.pk}/")
    expect(shown.status == 200 and bulletin.number in shown.text, f"通报页返回 {shown.status}")
    return f"{quarter.slug} 经 worker 计算完成（任务 {run.task_id or '—'}），通报 {bulletin.number} 可打开"


def check_beat(check):
    log = check.work_dir / "logs" / "celery-beat.log"
    wait_for("beat 启动", lambda: "beat: Starting" in log.read_text(errors="replace"), timeout=30)
    check.processes.expect_running()
    return "beat 在运行（日志：beat: Starting...）"


def check_logs_carry_ids(check):
    from bureau.logs import request_id_var
    from deploy.check_tasks import whoami

    response = check.browser.get("/no-such-page-prodcheck/")
    expect(response.status == 404, f"不存在的页面应 404，实际 {response.status}")
    request_id = response.header("X-Request-ID")
    logged = wait_for(
        "gunicorn 日志里有这个请求的 JSON 记录",
        lambda: [
            line
            for line in stack.json_log_lines(check.gunicorn_log)
            if line.get("request_id") == request_id and line.get("logger") == "django.request"
        ],
        timeout=10,
    )
    # Access lines are written once the response has gone out: wait for them.
    access_logs = [("gunicorn", check.gunicorn_log)]
    if check.nginx:
        access_logs.append(("nginx", check.work_dir / "logs" / "anjian.access.log"))
    for name, log in access_logs:
        wait_for(
            f"{name} 访问日志里有 request_id={request_id}",
            lambda log=log: f"request_id={request_id}" in log.read_text(),
        )

    queued_by = uuid.uuid4().hex
    token = request_id_var.set(queued_by)
    try:
        result = whoami.delay()
    finally:
        request_id_var.reset(token)
    result.get(timeout=60)
    worker_log = check.work_dir / "logs" / f"celery-{WORKER_NAME}.log"
    task_lines = wait_for(
        "worker 日志里有任务的 JSON 记录",
        lambda: [line for line in stack.json_log_lines(worker_log) if line.get("task_id") == result.id],
        timeout=10,
    )
    expect(any(line["request_id"] == queued_by for line in task_lines), f"任务日志没有带上排队请求的 id：{task_lines}")
    where = "nginx、gunicorn 访问日志与门户 JSON 日志" if check.nginx else "gunicorn 访问日志与门户 JSON 日志"
    return f"请求 {request_id} 见于{where}（{logged[0]['message']}）；任务 {result.id} 的日志带 task_id 与 request_id"


def check_static_files(check):
    page = check.browser.get("/accounts/login/")
    match = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page.text)
    expect(match, "页面没有引用带哈希的 bootstrap.min.css（STATIC_MANIFEST=1 与 collectstatic？）")
    path = match.group(1)
    response = check.browser.get(path, headers={"Accept-Encoding": "gzip"})
    expect(response.status == 200, f"{path} 返回 {response.status}")
    cache = response.header("Cache-Control") or ""
    max_age = int(re.search(r"max-age=(\d+)", cache).group(1)) if "max-age=" in cache else 0
    expect(max_age >= 31536000, f"{path} 的 Cache-Control 应缓存一年以上：{cache!r}")
    if not check.nginx:
        return f"{path} 由 whitenoise 提供，Cache-Control: {cache}"
    expect("immutable" in cache, f"Cache-Control 应含 immutable：{cache!r}")
    expect(response.header("Content-Encoding") == "gzip", "nginx 应直接发送预压缩的 .gz（gzip_static）")
    expect(response.header("Strict-Transport-Security"), "静态文件也应带 HSTS")
    expect(path not in check.gunicorn_log.read_text(), f"{path} 到了 gunicorn：应由 nginx 直接提供")
    return f"{path} 由 nginx 直接提供（gzip），Cache-Control: {cache}"


# The smoke test, in order. A new part of the portal adds its step here: a function taking the Check, raising
# CheckFailed (or any error) when something is wrong and returning a one-line description of what it saw.
SMOKE_STEPS = [
    ("健康检查 /healthz（数据库、Redis、worker）", check_healthz),
    ("TLS、安全响应头、HTTP→HTTPS", check_tls_and_headers),
    ("企业用户 ent_a 登录", check_sign_in),
    ("上报隐患（带 JPEG 照片）", check_report_hazard),
    ("超过 12 MB 的上传：中文的 413 页面", check_upload_too_large),
    ("照片只经门户的权限检查提供", check_photo_only_through_the_app),
    ("Celery 任务经真实 worker 执行", check_celery_task),
    ("局机关从页面启动季度排名，worker 计算，打开通报", check_ranking_and_bulletin),
    ("Celery beat 在运行", check_beat),
    ("日志带请求 id 与任务 id", check_logs_carry_ids),
    ("静态文件长期缓存", check_static_files),
]
NGINX_ONLY = {check_tls_and_headers, check_upload_too_large}
