"""The `[discord]` config section."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class DiscordGuild(BaseModel):
    """A guild (server) the bot serves; it binds to a community as `discord:<id>`."""

    model_config = ConfigDict(extra="forbid")

    id: int = Field(description="the guild id (Developer Mode: right-click the server, Copy Server ID)")
    announce_channel: int | None = Field(None, description="channel for community posts; default: the system channel")


class DiscordConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str | None = Field(None, description="bot token (or SHEQUN_DISCORD__TOKEN)")
    guilds: list[DiscordGuild] = Field(
        default_factory=list,
        description="guild ids served, or tables {id, announce_channel}; empty: every guild the bot is in")
    admin_role: str | None = Field(None, description="members with this role count as admins")
    members_intent: bool = Field(True, description="privileged: member joins/leaves and invite attribution")
    message_content_intent: bool | None = Field(
        None, description="privileged: read message text for keyword triggers and prefix commands; "
                          "default: on when an installed plugin declares keyword triggers")
    command_sync: str = Field("guilds", description='"guilds" (fast, per guild), "global" (also in DMs) or "off"')
    defer_after: float = Field(2.0, ge=0.1, le=2.8,
                               description="seconds before a slow interaction is deferred (Discord allows 3)")
    max_attachment_bytes: int = Field(8 * 1024 * 1024, ge=1, description="largest attachment read on demand")
    ready_timeout: float = Field(30.0, gt=0, description="seconds start() waits for the gateway to be ready")
    guild_ready_timeout: float = Field(2.0, ge=0, description="discord.py's wait for guilds after READY")
    api_base: str | None = Field(None, description="REST base URL (tests: a local fake Discord)")
    shard_count: int | None = Field(None, ge=1, description="several instances: gateway shards in all; "
                                                           "unset: one connection, no sharding")
    shard_ids: list[int] | None = Field(None, description="several instances: the shards this instance connects, "
                                                          "e.g. [0] or \"1,2\"; unset: all of shard_count")

    @field_validator("guilds", mode="before")
    @classmethod
    def _guild_ids(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"id": item} if isinstance(item, (int, str)) else item for item in value]
        return value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_list(cls, value: Any) -> Any:
        if isinstance(value, str):  # from the environment: "0,1" or "[0, 1]"
            return [part.strip() for part in value.strip("[] ").split(",") if part.strip()]
        return value

    @model_validator(mode="after")
    def _shards(self) -> "DiscordConfig":
        if self.shard_ids is None:
            return self
        if self.shard_count is None:
            raise ValueError("shard_ids needs shard_count (the number of shards of all instances)")
        if not self.shard_ids or len(set(self.shard_ids)) != len(self.shard_ids) \
                or not all(0 <= i < self.shard_count for i in self.shard_ids):
            raise ValueError(f"shard_ids must be distinct numbers from 0 to {self.shard_count - 1}")
        return self

    @property
    def sharded(self) -> bool:
        return self.shard_count is not None

    @property
    def syncs_global_commands(self) -> bool:
        """Global slash commands are synced by one instance: the one holding shard 0."""
        return not self.sharded or self.shard_ids is None or 0 in self.shard_ids

    @field_validator("command_sync")
    @classmethod
    def _sync_mode(cls, value: str) -> str:
        if value not in ("guilds", "global", "off"):
            raise ValueError('use "guilds", "global" or "off"')
        return value

    def guild(self, guild_id: int) -> DiscordGuild | None:
        return next((g for g in self.guilds if g.id == guild_id), None)

    def serves(self, guild_id: int) -> bool:
        return not self.guilds or self.guild(guild_id) is not None
