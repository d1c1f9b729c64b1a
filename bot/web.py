"""The one aiohttp server: health now; sandbox page, webhooks and plugin routes mount here."""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.errors import StartupError

log = logging.getLogger(__name__)

Route = Callable[[web.Request], Awaitable[web.StreamResponse]]


class WebServer:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.app = web.Application(client_max_size=20 * 1024 * 1024)
        self.health_checks: dict[str, Callable[[], Awaitable[bool]]] = {}
        self._runner: web.AppRunner | None = None
        self.app.router.add_get("/healthz", self._health)

    def add_route(self, method: str, path: str, handler: Route) -> None:
        self.app.router.add_route(method, path, handler)

    def add_static(self, prefix: str, folder: str) -> None:
        self.app.router.add_static(prefix, folder)

    @property
    def address(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError as exc:
            raise StartupError(f"the web server cannot listen on {self.host}:{self.port} ({exc.strerror or exc}): "
                               "stop what uses that address, or set [web] port") from None
        if self.port == 0:  # an ephemeral port (tests): learn which one
            self.port = site._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    async def _health(self, _request: web.Request) -> web.Response:
        results = {}
        for name, check in self.health_checks.items():
            try:
                results[name] = bool(await check())
            except Exception:
                results[name] = False
        healthy = all(results.values())
        return web.json_response({"status": "ok" if healthy else "degraded", "checks": results},
                                 status=200 if healthy else 503)
