"""An HTTP client for the checks, like a browser: a cookie jar, CSRF tokens from forms, Referer and Origin on POSTs."""

import re
import ssl
import uuid
from dataclasses import dataclass
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, HTTPSHandler, Request, build_opener

from stack import DEMO_PASSWORD, CheckFailed, expect


@dataclass
class Response:
    status: int
    headers: object
    body: bytes
    url: str

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def header(self, name):
        return self.headers.get(name)


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A client with a cookie jar, like a browser: CSRF tokens from forms, Referer and Origin on each POST."""

    def __init__(self, base_url, *, cafile=None):
        self.base_url = base_url.rstrip("/")
        self.jar = CookieJar()
        handlers = [HTTPCookieProcessor(self.jar)]
        if cafile:
            handlers.append(HTTPSHandler(context=ssl.create_default_context(cafile=str(cafile))))
        self._follow = build_opener(*handlers)
        self._stay = build_opener(*handlers, _NoRedirect)

    def request(self, method, path, *, data=None, headers=None, follow=True, content_type=None):
        url = path if path.startswith("http") else self.base_url + path
        request = Request(url, data=data, method=method, headers=headers or {})
        if content_type:
            request.add_header("Content-Type", content_type)
        opener = self._follow if follow else self._stay
        try:
            with opener.open(request, timeout=30) as response:
                return Response(response.status, response.headers, response.read(), response.url)
        except HTTPError as error:
            return Response(error.code, error.headers, error.read(), url)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path, fields, *, files=None, referer=None, follow=True):
        headers = {"Referer": self.base_url + (referer or path), "Origin": self.base_url}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.request("POST", path, data=body, headers=headers, content_type=content_type, follow=follow)

    def sign_in(self, username, password=DEMO_PASSWORD):
        page = self.get("/accounts/login/")
        expect(page.status == 200, f"登录页返回 {page.status}")
        fields = {"username": username, "password": password, "csrfmiddlewaretoken": csrf_token(page.text)}
        response = self.post_form("/accounts/login/", fields, follow=False)
        # Signed in = redirected away from the form with a session; where to is the home page's business.
        expect(response.status == 302, f"登录应跳转，实际 {response.status}：用户名或密码错误？{response.text[:300]}")
        expect(any(cookie.name == "sessionid" for cookie in self.jar), "登录后没有 sessionid cookie")
        return response


def csrf_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise CheckFailed("页面里没有 CSRF 令牌")
    return match.group(1)


def multipart(fields, files):
    """multipart/form-data from {name: value} and {name: (filename, content_type, bytes)}."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content_type, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
