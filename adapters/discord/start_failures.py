"""What a failed Discord start means for the operator, as one line that says what to fix."""
from __future__ import annotations

import asyncio

import aiohttp
import discord

from bot.errors import StartupError

PORTAL = "the Developer Portal (your application → Bot)"


def start_failure(exc: BaseException, intents: discord.Intents) -> StartupError | None:
    """The StartupError for a failure Discord explains; None for anything else."""
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        asked = [name for name, on in (("Server Members", intents.members), ("Message Content",
                                       intents.message_content), ("Presence", intents.presences)) if on]
        return StartupError(f"Discord refused the privileged intents the bot asks for ({', '.join(asked)}): "
                            f"turn them on under Privileged Gateway Intents in {PORTAL}, or set [discord] "
                            "members_intent = false and message_content_intent = false")
    if isinstance(exc, discord.LoginFailure):
        return StartupError(f"Discord rejected the bot token: set [discord] token, or SHEQUN_DISCORD__TOKEN, "
                            f"to the token in {PORTAL}")
    if isinstance(exc, (aiohttp.ClientConnectionError, OSError, asyncio.TimeoutError)):
        return StartupError(f"cannot reach Discord ({str(exc) or type(exc).__name__}): check the network "
                            "and any proxy (or [discord] api_base)")
    if isinstance(exc, discord.ConnectionClosed):
        return StartupError(f"Discord closed the gateway during start (code {exc.code}: {exc.reason or 'no reason'})")
    if isinstance(exc, discord.HTTPException):
        return StartupError(f"Discord refused the start: {exc.status} {exc.text or exc}")
    return None
