"""The sandbox chat page in a real (headless) Chromium, against a running sandbox server.

Skipped when no Chromium is installed (`apt-get install chromium`). Set SHEQUN_SCREENSHOT_DIR to keep
the screenshots it takes (wide and narrow) for a look.
"""
import asyncio
import json
import os
from pathlib import Path

import pytest

from tests.sandbox.cdp import Browser, find_chromium

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")


def js(value) -> str:
    return json.dumps(value)


TEXTS = "[...document.querySelectorAll('#messages .msg')].map(m => m.querySelector('.bubble').textContent)"


async def test_the_page_shows_the_conversation_and_talks_back(api, web_sandbox, tmp_path):
    # a conversation to look at: a quoted reply, buttons, an image and a document, an edit, other users
    await api.post("/sandbox/api/messages", {"user": "alice", "text": "/help"})
    await api.post("/sandbox/api/messages", {"user": "bob", "text": "<b>not bold</b>\n<img src=x onerror=alert(1)>"})
    await api.post("/sandbox/api/messages", {"user": "alice", "text": "/picture"})
    await api.post("/sandbox/api/messages", {"user": "alice", "text": "/edited"})
    await api.post("/sandbox/api/messages", {"user": "alice", "text": "/panel"})

    async with Browser(CHROMIUM, tmp_path / "profile") as browser:  # its own start-up deadline
        async with asyncio.timeout(30):
            await browser.open(f"{web_sandbox.base}/sandbox?user=alice&chat=demo")
            await browser.wait_for("document.body.dataset.ready === '1' && document.querySelectorAll('.msg').length === 9")
            assert await browser.evaluate("document.getElementById('chat').value") == "demo"
            assert await browser.evaluate("document.getElementById('user').value") == "alice"
            assert await browser.evaluate("document.getElementById('error').hidden") is True

            # sides: alice's own messages on the right, the bot's and bob's on the left
            sides = await browser.evaluate("[...document.querySelectorAll('#messages .msg')].map(m => m.className)")
            assert sides[0] == "msg mine" and sides[1] == "msg bot" and sides[2] == "msg other"
            # the quoted reply names the message it answers
            assert await browser.evaluate("document.querySelector('#m-2 .quote').textContent") == "↪ alice: /help"
            # text stays text, newlines kept
            bob = await browser.evaluate("""(() => { const b = document.querySelector('#m-3 .bubble');
                return [b.textContent, b.querySelectorAll('b, img').length, getComputedStyle(b.querySelector('.text')).whiteSpace]; })()""")
            assert bob == ["<b>not bold</b>\n<img src=x onerror=alert(1)>", 0, "pre-wrap"]
            # the image loads, the document is named, the edit is marked
            await browser.wait_for("(() => { const i = document.querySelector('.images img'); return i && i.complete && i.naturalWidth === 120; })()")
            assert "report.csv" in await browser.evaluate("document.querySelector('.doc').textContent")
            assert await browser.evaluate("[...document.querySelectorAll('.meta')].some(m => m.textContent.includes('edited'))")
            # a link button opens a new tab; a callback button is a button
            link = await browser.evaluate("(() => { const a = document.querySelector('.buttons a'); return [a.textContent, a.href, a.target, a.rel]; })()")
            assert link == ["Docs", "https://example.org/docs", "_blank", "noopener noreferrer"]

            shots = Path(os.environ.get("SHEQUN_SCREENSHOT_DIR") or tmp_path)
            shots.mkdir(parents=True, exist_ok=True)
            await browser.screenshot(shots / "sandbox-wide.png", 900, 1000)

            # press the callback button: a toast, and the bot's answer appears
            await browser.evaluate("[...document.querySelectorAll('.buttons button')].find(b => b.textContent === 'Press me').click()")
            assert await browser.wait_for("document.querySelector('.toast')?.textContent") == "You pressed the button"
            await browser.wait_for(f"{TEXTS}.includes('pressed by Alice')")

            # type and send a message
            await browser.evaluate("""(() => { const t = document.getElementById('text'); t.value = '/help';
                document.getElementById('composer').requestSubmit(); })()""")
            await browser.wait_for(f"{TEXTS}.filter(t => t.includes('show what you can do')).length === 2")
            assert await browser.evaluate("document.getElementById('text').value") == ""

            # a job's post shows up by polling, without reloading
            status, _ = await api.post("/sandbox/api/clock", {"now": "2026-03-03T08:00:00+00:00"})
            assert status == 200
            await browser.wait_for(f"{TEXTS}.includes('Good morning, demo!')", timeout=4)

            # the clock form: prefilled from the sandbox, sets the time and reports the jobs that ran
            await browser.evaluate("document.getElementById('tools').open = true")
            await browser.evaluate(f"""(() => {{ document.getElementById('when').value = '2026-03-04T09:00';
                document.getElementById('offset').value = '+01:00'; document.getElementById('set-clock').click(); }})()""")
            note = await browser.wait_for("(t => t.includes('job') && t)(document.getElementById('clock-note').textContent)")
            assert note == "Clock set to 2026-03-04T09:00:00+01:00 · 1 job ran"

            # join with an invite, then leave
            await browser.evaluate("document.getElementById('invite').value = 'https://sandbox.invalid/join/x'; document.getElementById('join').click()")
            assert await browser.wait_for("document.getElementById('member-note').textContent.startsWith('alice') && document.getElementById('member-note').textContent") == "alice joined demo"
            assert "alice" in web_sandbox.adapter().world.members["demo"]
            await browser.screenshot(shots / "sandbox-tools.png", 900, 1000)

            # an API error is shown inline
            await browser.evaluate("document.getElementById('offset').value = '+1'; document.getElementById('set-clock').click()")
            assert "offset" in await browser.wait_for("!document.getElementById('error').hidden && document.getElementById('error-text').textContent")

            # a new user with a language, in their private chat
            await browser.evaluate("""(() => { const u = document.getElementById('user'); u.value = 'li';
                u.dispatchEvent(new Event('change')); document.getElementById('lang').value = 'zh';
                const c = document.getElementById('chat'); c.value = 'dm:li'; c.dispatchEvent(new Event('change')); })()""")
            assert await browser.evaluate("document.getElementById('chat').value") == "dm:li"
            await browser.wait_for("!!document.querySelector('#messages .empty')")
            await browser.evaluate("document.getElementById('text').value = '/help'; document.getElementById('composer').requestSubmit()")
            await browser.wait_for(f"{TEXTS}.some(t => t.includes('查看可用命令'))")
            assert await browser.evaluate("document.querySelector('#messages .msg').className") == "msg mine"

            await browser.open(f"{web_sandbox.base}/sandbox?user=alice&chat=demo")
            await browser.wait_for("document.body.dataset.ready === '1' && document.querySelectorAll('.msg').length > 10")
            await browser.screenshot(shots / "sandbox-narrow.png", 390, 844)

            assert browser.exceptions == [] and browser.console_errors == []


async def test_a_button_with_a_form_opens_it_and_sends_it(api, web_sandbox, tmp_path):
    await api.post("/sandbox/api/messages", {"user": "alice", "text": "/feedback"})
    async with Browser(CHROMIUM, tmp_path / "profile") as browser:
        async with asyncio.timeout(30):
            await browser.open(f"{web_sandbox.base}/sandbox?user=alice&chat=demo")
            await browser.wait_for("document.body.dataset.ready === '1' && document.querySelectorAll('.msg').length === 2")
            await browser.evaluate("document.querySelector('.buttons button').click()")
            await browser.wait_for("document.getElementById('form-dialog').open")
            fields = await browser.evaluate("""[...document.querySelectorAll('#form-dialog label')].map(l =>
                [l.querySelector('span').textContent, l.querySelector('input, textarea, select').tagName])""")
            assert fields == [["Your name", "INPUT"], ["Your score", "SELECT"], ["Anything else?", "TEXTAREA"]]
            await browser.evaluate("""(() => { const d = document.getElementById('form-dialog');
                d.querySelector('[name=name]').value = 'Alice'; d.querySelector('[name=score]').value = '2';
                d.querySelector('form').requestSubmit(); })()""")
            await browser.wait_for(f"{TEXTS}.some(t => t.endsWith('Thanks Alice: 3 of 5'))")
            assert await browser.evaluate("document.getElementById('form-dialog').open") is False
            assert browser.exceptions == [] and browser.console_errors == []
