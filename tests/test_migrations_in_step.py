"""Every shipped app's migrations match its models: `shequn makemigrations` finds nothing to write.

A model changed without its migration fails here, and so does a drift the autodetector would
write again at every run (camps' MemberTier: tortoise's CreateModel gives a one-to-one primary
key the pk_attr "member" where the model has "member_id"; camps 0004 records the change once)."""
from tortoise.cli.cli import tortoise_cli_context
from tortoise.migrations.autodetector import MigrationAutodetector

from bot import discovery
from bot.database import CORE_MODELS, tortoise_config


async def test_makemigrations_finds_nothing_to_write():
    apps = [CORE_MODELS, *(p.model_app for p in discovery.installed_plugins().values() if p.model_app)]
    config = tortoise_config("sqlite://:memory:", apps)
    async with tortoise_cli_context(config) as ctx:
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    assert [(w.app_label, [op.describe() for op in w.operations]) for w in writers] == []
