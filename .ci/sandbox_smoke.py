"""CI: an installed `shequn` answers /help on the sandbox in English and Chinese, then stops.

    python sandbox_smoke.py /path/to/venv/bin/shequn

Run from an empty folder: `shequn init` writes config.toml there, `shequn run` starts on the
sandbox, and the HTTP API must answer with real catalog text (not message ids). The bot gets
SIGTERM at the end and must exit 0; it is killed if it outlives its time.
"""
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

START_TIMEOUT = 60
STOP_TIMEOUT = 20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(bot: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if bot.poll() is not None:
            sys.exit(f"shequn run ended early with exit code {bot.returncode}")
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"shequn run did not serve {base}/healthz within {START_TIMEOUT} s")


def help_text(base: str, user: str, lang: str) -> str:
    body = json.dumps({"user": user, "chat": "demo", "text": "/help", "lang": lang}).encode()
    request = urllib.request.Request(base + "/sandbox/api/messages", data=body, method="POST")
    return json.load(urllib.request.urlopen(request, timeout=20))["replies"][0]["text"]


def check(condition: bool, what: str, text: str) -> None:
    if not condition:
        sys.exit(f"{what}; got:\n{text}")
    print(f"ok: {what}")


def main(shequn: str) -> None:
    init = subprocess.run([shequn, "init"], capture_output=True, text=True, timeout=60)
    check(init.returncode == 0 and Path("config.toml").is_file(), "shequn init writes config.toml",
          init.stdout + init.stderr)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    bot = subprocess.Popen([shequn, "run"], env={"PATH": "/usr/bin:/bin", "SHEQUN_WEB__PORT": str(port)})
    try:
        wait_until_serving(bot, base)
        english, chinese = help_text(base, "alice", "en"), help_text(base, "bob", "zh")
        check(english.startswith("Here's what you can do") and "/checkin" in english, "/help in English", english)
        check("打卡" in chinese and "core-" not in chinese, "/help in Chinese", chinese)
        bot.terminate()
        check(bot.wait(timeout=STOP_TIMEOUT) == 0, "shequn run stops with exit 0 on SIGTERM", "")
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait()


if __name__ == "__main__":
    main(sys.argv[1])
