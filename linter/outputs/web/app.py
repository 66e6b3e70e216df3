"""The web application of ``jxlint serve`` (Starlette): the page, its script and style, and one
endpoint that checks one uploaded file.

Every request first passes ``Guard``: a Host that is not this server's is refused (a web page
that rebinds its own name to 127.0.0.1 cannot reach it), so is a request without the access token
when one is set, and so is a POST whose Origin is not this server's or that lacks the page's CSRF
token. Uploads stream into a private temporary directory of their own, at most MAX_BYTES (the
CLI's limit), and are deleted once the response is made; checks run in worker threads, at most
``jobs`` at once, with at most ``queue`` more waiting; beyond that the answer is 503, not a crash.
Nothing of one request is kept for another."""
from __future__ import annotations

import hmac
import ipaddress
import logging
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import FrozenSet, Optional
from urllib.parse import parse_qs, unquote

import anyio
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ...model import formats
from ..report import html as report_html
from ..report.safe import esc
from ...util.files import MAX_BYTES
from ...run.session import Options
from .check import check_upload, shown_name

STATIC = Path(__file__).parent / "static"
TOKEN_COOKIE = "jxlint_token"
CSRF_HEADER, NAME_HEADER, TOKEN_HEADER = "x-jxlint-csrf", "x-jxlint-name", "x-jxlint-token"
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store")]
log = logging.getLogger("jxlint.serve")


@dataclass
class Settings:
    options: Options                 # --rules, --config: as the CLI's
    hosts: FrozenSet[str]            # Host names this server answers to
    ip_hosts: bool = False           # also any IP literal (a server bound to every address)
    token: Optional[str] = None      # --token: required of every request when set
    jobs: int = 2                    # checks at once
    queue: int = 16                  # uploads waiting for a check, beyond which 503
    temp_root: Path = field(default_factory=lambda: Path(tempfile.gettempdir()))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))


def create(settings: Settings) -> Starlette:
    state = _State(settings)
    app = Starlette(routes=[Route("/", state.page), Route("/static/{name}", state.static),
                            Route("/api/check", state.check, methods=["POST"])])
    app.add_middleware(Guard, settings=settings)
    return app


class _State:
    """What the handlers share: settings, the limiter, and a count of uploads in hand. No results."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.limiter = anyio.CapacityLimiter(settings.jobs)
        self.in_hand = 0
        self.css = (report_html.asset("report.css") + (STATIC / "app.css").read_text(encoding="utf-8")).encode()
        self.script = (STATIC / "app.js").read_bytes()
        self.template = (STATIC / "index.html").read_text(encoding="utf-8")

    async def page(self, request: Request) -> Response:
        return HTMLResponse(self.template.replace("{csrf}", esc(self.settings.csrf))
                            .replace("{limit}", str(MAX_BYTES)).replace("{limit_mb}", str(MAX_BYTES >> 20))
                            .replace("{formats}", esc(",".join(sorted(formats.READERS)))))

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name == "app.css":
            return Response(self.css, media_type="text/css; charset=utf-8")
        if name == "app.js":
            return Response(self.script, media_type="text/javascript; charset=utf-8")
        return _refusal(404, "没有这个页面")

    async def check(self, request: Request) -> Response:
        name = shown_name(unquote(request.headers.get(NAME_HEADER, "")), "")
        if not formats.supported(Path(name)):
            return _refusal(415, f"{name}：{formats.unsupported(Path(name))}")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BYTES:
            return _too_large(name)
        limit = self.settings.jobs + self.settings.queue
        if self.in_hand >= limit:
            return _refusal(503, f"服务器正忙：已有 {self.in_hand} 个文件在检查或排队，请稍后再试")
        self.in_hand += 1
        directory = Path(tempfile.mkdtemp(prefix="upload-", dir=self.settings.temp_root))
        try:
            path = directory / f"upload{Path(name).suffix.lower()}"
            if not await _received(request, path):
                return _too_large(name)
            data = await anyio.to_thread.run_sync(check_upload, path, name, self.settings.options,
                                                  limiter=self.limiter)
            return JSONResponse(data)
        except ClientDisconnect:
            return Response(status_code=400)
        except Exception as error:  # noqa: BLE001 -- a bug met on one file must not leave the page guessing
            log.error("internal error: %s", type(error).__name__)  # the message may quote the file
            return _refusal(500, f"{name}：内部错误：{type(error).__name__}: {error}")
        finally:
            self.in_hand -= 1
            shutil.rmtree(directory, ignore_errors=True)


async def _received(request: Request, path: Path) -> bool:
    """Stream the body to ``path``; False (and the rest of the body read and dropped, up to as
    much again) if it is over the limit."""
    size = 0
    with path.open("wb") as out:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BYTES:
                break
            out.write(chunk)
    if size <= MAX_BYTES:
        return True
    path.unlink()
    async for chunk in request.stream():
        size += len(chunk)
        if size > 2 * MAX_BYTES:
            break
    return False


def _too_large(name: str) -> Response:
    return _refusal(413, f"{name}：文件超过 {MAX_BYTES >> 20} MB，未检查；请把文件拆小后再上传")


def _refusal(status: int, message: str) -> Response:
    return JSONResponse({"error": message}, status_code=status)


class Guard:
    """Pure ASGI middleware: Host, token and Origin/CSRF checks, security headers, a request log
    (method, path, status, size, time: never a query string, a file name or a file's contents)."""

    def __init__(self, app, settings: Settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, status = time.monotonic(), [0]

        async def send_secured(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message = dict(message, headers=list(message.get("headers", [])) + SECURITY_HEADERS)
            await send(message)

        request = Request(scope)
        refusal = self.refusal(request)
        if refusal is not None:
            await refusal(scope, receive, send_secured)
        else:
            await self.app(scope, receive, send_secured)
        client = scope.get("client") or ("-", 0)
        log.info("%s %s %s %s %s %.0fms", client[0], scope["method"], scope["path"], status[0],
                 request.headers.get("content-length", "0"), 1000 * (time.monotonic() - started))

    def refusal(self, request: Request) -> Optional[Response]:
        host = request.headers.get("host", "")
        if not self.own_host(host):
            return _refusal(400, f"拒绝：请求的地址“{host}”不是本服务的地址（防止其他网页冒用本服务）")
        token = self.settings.token
        if token and not _same(self.token_sent(request), token):
            if request.method == "GET" and _same(parse_qs(request.url.query).get("token", [""])[0], token):
                return self.let_in(request)
            return _refusal(401, "需要访问令牌：请用 jxlint serve 启动时显示的完整链接打开本页")
        if request.method not in ("GET", "HEAD"):
            if request.headers.get("origin") not in (f"http://{host}", f"https://{host}"):  # https: behind a proxy
                return _refusal(403, "拒绝：请求不是从本服务的页面发出的（Origin 不符）")
            if not _same(request.headers.get(CSRF_HEADER, ""), self.settings.csrf):
                return _refusal(403, "拒绝：缺少页面的校验码（CSRF），请刷新页面后重试")
        return None

    def own_host(self, host: str) -> bool:
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        name = name.strip("[]").lower()
        if name in self.settings.hosts:
            return True
        if not self.settings.ip_hosts:
            return False
        try:
            ipaddress.ip_address(name)  # an IP literal cannot be a rebound name
        except ValueError:
            return False
        return True

    @staticmethod
    def token_sent(request: Request) -> str:
        cookie = SimpleCookie(request.headers.get("cookie", ""))
        sent = cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else ""
        return request.headers.get(TOKEN_HEADER) or sent

    def let_in(self, request: Request) -> Response:
        """The printed link carries the token once; a cookie carries it after, out of the address bar."""
        response = RedirectResponse(request.url.path, status_code=303)
        response.set_cookie(TOKEN_COOKIE, self.settings.token, httponly=True, samesite="strict")
        return response


def _same(sent: str, expected: str) -> bool:
    return hmac.compare_digest(sent.encode(), expected.encode())
