"""The `[telegram]` config section."""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class TelegramConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str | None = Field(None, description="bot token from @BotFather (or SHEQUN_TELEGRAM__TOKEN)")
    mode: Literal["polling", "webhook"] = Field("polling", description='"polling" or "webhook"')
    api_base: str | None = Field(None, description="custom Bot API server, e.g. http://127.0.0.1:8081; "
                                                   "default: https://api.telegram.org")
    url: str | None = Field(None, description="webhook: the public HTTPS URL Telegram posts updates to")
    path: str = Field("/telegram/webhook", description="webhook: the path served on the bot's web server")
    messages_per_second: float = Field(27, gt=0, le=30, description="messages sent a second overall: a margin "
                                                                    "under Telegram's 30")
    secret_token: str | None = Field(None, description="webhook: the X-Telegram-Bot-Api-Secret-Token value; "
                                                       "default: derived from the token, the same on "
                                                       "every instance")

    def webhook_secret(self) -> str:
        """`secret_token`, or one derived from the bot token: every instance registers and
        expects the same secret, and knowing it does not reveal the token."""
        if self.secret_token:
            return self.secret_token
        digest = hmac.new((self.token or "").encode(), b"shequn telegram webhook secret", hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    @field_validator("token")
    @classmethod
    def _token(cls, value: str | None) -> str | None:
        if value is not None:
            value = value.strip() or None
        if value is not None and not _TOKEN.match(value):
            raise ValueError("not a bot token (it looks like 123456:ABC-DEF...)")
        return value

    @field_validator("secret_token")
    @classmethod
    def _secret(cls, value: str | None) -> str | None:
        if value is not None and not _SECRET.match(value):
            raise ValueError("use 1-256 characters A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError('the path starts with "/"')
        return value

    @field_validator("api_base")
    @classmethod
    def _api_base(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("give an http:// or https:// URL")
        return value.rstrip("/") if value else value

    @model_validator(mode="after")
    def _webhook_url(self) -> "TelegramConfig":
        if self.mode == "webhook" and self.token and not self.url:
            raise ValueError('mode = "webhook" needs url (the public HTTPS address of path)')
        return self
