"""Shared steps for the gate's sandbox tests: a community with an admins' log chat, and the
questions most communities ask."""
from __future__ import annotations


QUESTIONS = [
    {"kind": "rules", "ask": "No ads. Be kind.", "ask_zh": "禁止广告，友善交流。"},
    {"kind": "choice", "ask": "What brings you here?", "ask_zh": "你为什么来这里？",
     "choices": ["Learning Python", "Selling followers"], "choices_zh": ["学习 Python", "卖粉丝"], "correct": [0]},
    {"kind": "code", "ask": "The code from our website?", "code": "PY2026"},
    {"kind": "text", "ask": "Which language do you write?", "pattern": "python|rust|go"},
]


def gate_config(**gate) -> dict:
    gate.setdefault("log_chat", "sandbox:admins")
    door = gate.setdefault("door", {})
    door.setdefault("questions", QUESTIONS)
    return {"communities": {"demo": {"name": "Demo", "chats": ["sandbox:demo", "sandbox:admins"]}},
            "plugins": {"gate": gate}}


def last_dm(sandbox, user: str):
    return sandbox.history(f"dm:{user}")[-1]


def admin_log(sandbox) -> list[str]:
    return [m.text for m in sandbox.bot_messages("admins")]
