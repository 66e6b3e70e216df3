"""``jxlint serve``: the desk tool as a local web page (linter.web.app), served by uvicorn.

On 127.0.0.1 (the default) it is one officer's: a free port, the browser opened on it. With
``--host ADDRESS`` it is an office's: an access token is required (``--token``, or one made and
printed), and Host names other than the machine's own are refused."""
from __future__ import annotations

import ipaddress
import logging
import secrets
import shutil
import socket
import sys
import tempfile
import webbrowser
from pathlib import Path
from typing import Iterable, Optional

from ...util.errors import JxlintError
from ...run.session import Options
from .app import Settings, create
from .check import UNNAMED

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
WILDCARDS = ("0.0.0.0", "::")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def access_token(host: str, given: Optional[str]) -> Optional[str]:
    """The token every request must carry: the one given, else none on loopback, else a new one."""
    return given or (None if is_loopback(host) else secrets.token_urlsafe(18))


def serve(options: Options, host: str = "127.0.0.1", port: int = 0, open_browser: bool = True,
          token: Optional[str] = None, allow_hosts: Iterable[str] = (), jobs: int = 2, queue: int = 16) -> None:
    import uvicorn

    options.build().prepare([Path(UNNAMED + ".xlsx")])  # a bad --config or --rules stops here, in one line
    local = is_loopback(host)
    token = access_token(host, token)
    names = set(LOOPBACK_NAMES) | {host.lower()} | {name.lower() for name in allow_hosts}
    if not local:
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    listening = _listening(host, port)
    root = Path(tempfile.mkdtemp(prefix="jxlint-serve-"))  # private (0700); one folder per upload inside
    settings = Settings(options, frozenset(names), ip_hosts=host in WILDCARDS, token=token, jobs=jobs,
                        queue=queue, temp_root=root)
    url = _url(host, listening.getsockname()[1], token)
    _log_requests()
    print(f"jxlint serve：请在浏览器打开 {url}", flush=True)
    if not local:
        print("jxlint serve：局域网中的同事用上面的完整链接（含访问令牌）打开；不要把链接发到单位以外。按 Ctrl-C 停止。",
              flush=True)
    else:
        print("jxlint serve：只有本机能访问。按 Ctrl-C 停止。", flush=True)
    server = uvicorn.Server(uvicorn.Config(create(settings), log_config=None, access_log=False, lifespan="off",
                                           log_level="warning", server_header=False))
    try:
        if open_browser:
            webbrowser.open(url)
        server.run(sockets=[listening])
    except KeyboardInterrupt:  # uvicorn stops cleanly on Ctrl-C, then passes the signal on
        pass
    finally:
        listening.close()
        shutil.rmtree(root, ignore_errors=True)
    print("jxlint serve：已停止，临时文件已删除。", flush=True)


def _listening(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if sys.platform != "win32":  # on Windows this option lets a second server take the same port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)  # listening before the browser is opened on it
    except OSError as error:
        sock.close()
        raise JxlintError(f"无法在 {host}:{port} 上启动服务：{error.strerror or error}"
                          "（端口被占用时换一个 --port，或不写 --port 让 jxlint 自选）") from None
    return sock


def _url(host: str, port: int, token: Optional[str]) -> str:
    shown = socket.gethostname() if host in WILDCARDS else host
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


def _log_requests() -> None:
    """One line per request on standard error (linter.web.app.Guard says what is in it)."""
    log = logging.getLogger("jxlint.serve")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
