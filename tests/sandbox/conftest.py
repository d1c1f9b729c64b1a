"""A sandbox with its web server on an ephemeral port, for the HTTP API and browser tests."""
import pytest_asyncio
from aiohttp import ClientSession

from tests.sandbox.showcase_plugin import plugin


class Api:
    def __init__(self, session: ClientSession, base: str) -> None:
        self.session, self.base = session, base

    async def get(self, path: str, **params):
        async with self.session.get(self.base + path, params=params) as response:
            return response.status, await _body(response)

    async def post(self, path: str, body=None, *, data=None):
        kwargs = {"json": body} if data is None else {"data": data, "headers": {"Content-Type": "application/json"}}
        async with self.session.post(self.base + path, **kwargs) as response:
            return response.status, await _body(response)


async def _body(response):
    if response.content_type == "application/json":
        return await response.json()
    if response.content_type.startswith("text/"):
        return await response.text()
    return await response.read()


@pytest_asyncio.fixture
async def web_sandbox(make_sandbox):
    sandbox = await make_sandbox({"web": {"enabled": True, "host": "127.0.0.1", "port": 0}}, plugins=[plugin])
    sandbox.base = f"http://127.0.0.1:{sandbox.runtime.web.port}"
    return sandbox


@pytest_asyncio.fixture
async def api(web_sandbox):
    async with ClientSession() as session:
        yield Api(session, web_sandbox.base)
