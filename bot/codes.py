"""Single-use, short-lived codes, kept only as their hash.

A code is shown once, privately, to whoever asked for it. Redeeming deletes it in the same
statement that finds it, so two redeemers racing for one code cannot both win.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from bot import clock
from bot.errors import UserError
from bot.models import Community, LinkCode, Member

CODE_TTL = timedelta(minutes=10)
CODE_LENGTH = 8
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _digest(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def ttl_minutes() -> int:
    return int(CODE_TTL.total_seconds() // 60)


async def issue(purpose: str, community: Community, issued_by: str, *, member: Member | None = None,
                issued_in: str | None = None) -> str:
    """A fresh code; any earlier unused code of the same person and purpose stops working."""
    await LinkCode.filter(purpose=purpose, issued_by=issued_by).delete()
    code = "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))
    await LinkCode.create(digest=_digest(code), purpose=purpose, community=community, member=member,
                          issued_by=issued_by, issued_in=issued_in, expires_at=clock.now() + CODE_TTL)
    return code


async def redeem(code: str, purpose: str, bad_code_message: str) -> LinkCode:
    """The code's row, which no one can redeem again; UserError if it is unknown or expired."""
    digest = _digest(code[:64])
    row = await LinkCode.get_or_none(digest=digest, purpose=purpose)
    if row is None or not await LinkCode.filter(digest=digest).delete():
        raise UserError(bad_code_message)
    if row.expires_at < clock.now():
        raise UserError(bad_code_message)
    return row
