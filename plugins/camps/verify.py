"""The certificate verification page, `GET /camps/verify/<code>` (and its first address,
`/plugins/camps/verify/<code>`, for certificates printed with it): a plain page that says whether
the code belongs to a real certificate, and whose. An unknown code says so (404)."""
from __future__ import annotations

from html import escape

from aiohttp import web

from bot import PluginContext

from plugins.camps.certificate import clean_code
from plugins.camps.models import Certificate
from plugins.camps.plugin import plugin

PAGE = """<!doctype html><html lang="{lang}"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em">
<h1>{title}</h1><p>{body}</p></body></html>"""


@plugin.route("GET", "/verify/{code}", short=True)
async def verify(ctx: PluginContext, request: web.Request) -> web.Response:
    code = clean_code(request.match_info["code"])
    certificate = await Certificate.get_or_none(code=code) if code else None
    if certificate is None:
        return _page(ctx, "camps-verify-unknown-title", ctx.text("camps-verify-unknown", code=code[:24] or "-"), 404)
    body = ctx.text("camps-verify-valid", name=certificate.name, title=certificate.camp_title,
                    start=certificate.start.isoformat(), end=certificate.end.isoformat(), code=certificate.code,
                    issued=certificate.issued_at.date().isoformat())
    return _page(ctx, "camps-verify-valid-title", body, 200)


def _page(ctx: PluginContext, title_id: str, body: str, status: int) -> web.Response:
    html = PAGE.format(lang=escape(ctx.locale or "en"), title=escape(ctx.text(title_id)), body=escape(body))
    return web.Response(text=html, status=status, content_type="text/html")
