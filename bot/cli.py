"""The `shequn` command: run, init, migrate, check-config, plugins, makemigrations."""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import signal
import sys
from pathlib import Path

from bot import discovery
from bot.clock import OffsetClock, use_clock
from bot.config import Settings, load_settings
from bot.database import MigrationFailed, close_database, make_migrations, migrate, open_database
from bot.errors import ConfigError
from bot.logs import secrets_in, setup_logging
from bot.shipped import example_config

EXIT_CONFIG = 2


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.handler(args) or 0
    except ConfigError as err:
        _print_problems(args.config, err.problems)
        return EXIT_CONFIG
    except MigrationFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shequn", description="Community-operations bot for Telegram and Discord")
    parser.add_argument("-c", "--config", type=Path, default=Path(os.environ.get("SHEQUN_CONFIG", "config.toml")),
                        help="config file (default: ./config.toml, or $SHEQUN_CONFIG)")
    parser.add_argument("--log-level", default=os.environ.get("SHEQUN_LOG_LEVEL", "INFO"))
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the bot").set_defaults(handler=cmd_run)
    init = commands.add_parser("init", help="write config.toml from config.example.toml")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    init.set_defaults(handler=cmd_init)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(handler=cmd_migrate)
    commands.add_parser("check-config", help="validate the config and list every problem").set_defaults(
        handler=cmd_check_config)
    commands.add_parser("plugins", help="list installed and enabled plugins").set_defaults(handler=cmd_plugins)
    make = commands.add_parser("makemigrations", help="(plugin authors) write migrations for model changes")
    make.add_argument("apps", nargs="*", help="app labels: core or plugin names (default: all)")
    make.add_argument("--name", help="migration name")
    make.set_defaults(handler=cmd_makemigrations)
    return parser


def _print_problems(path: Path, problems: list[tuple[str, str]]) -> None:
    print(f"Configuration problems ({path}):", file=sys.stderr)
    for key, reason in problems:
        print(f"  {key}: {reason}", file=sys.stderr)
    print("Fix these and run again; see config.example.toml for every key.", file=sys.stderr)


def load(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.config)
    setup_logging(args.log_level.upper(), secrets_in(settings.model_dump()))
    return settings


def build_runtime(settings: Settings):
    from bot.runtime import Runtime

    plugins = list(discovery.installed_plugins().values())
    runtime = Runtime(settings, plugins, discovery.installed_adapters())
    problems = runtime.check_plugin_configs()
    if problems:
        raise ConfigError(problems)
    runtime.build_adapters()
    return runtime


# --- commands ------------------------------------------------------------------------

def cmd_run(args: argparse.Namespace) -> int:
    settings = load(args)
    runtime = build_runtime(settings)
    if set(runtime.adapters) == {"sandbox"}:
        use_clock(OffsetClock())  # the sandbox page may move time; jobs follow it
    asyncio.run(_run_until_signal(runtime))
    return 0


async def _run_until_signal(runtime) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if "sandbox" in runtime.adapters and runtime.config.web.enabled:
        web = runtime.config.web
        logging.getLogger("shequn").info("sandbox chat page: http://%s:%s/sandbox", web.host, web.port)
    await runtime.run_forever(stop)


def cmd_init(args: argparse.Namespace) -> int:
    target = args.config
    if target.exists() and not args.force:
        print(f"{target} exists; use --force to overwrite it.", file=sys.stderr)
        return 1
    shutil.copyfile(example_config(), target)
    print(f"wrote {target}; edit it, then run: shequn check-config")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = load(args)
    runtime = build_runtime(settings)

    async def run() -> list[str]:
        await open_database(settings.database.url, runtime.model_apps)
        try:
            return await migrate(settings.database.url, runtime.model_apps)
        finally:
            await close_database()

    applied = asyncio.run(run())
    print("\n".join(f"applied {step}" for step in applied) or "nothing to migrate")
    return 0


def cmd_check_config(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    build_runtime(settings)  # validates plugin and adapter sections
    where = args.config if args.config.exists() else "defaults (no config file)"
    print(f"config OK: {where}")
    return 0


def cmd_plugins(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    installed = discovery.installed_plugins()
    enabled = set(settings.enabled_plugins if settings.enabled_plugins is not None else installed)
    print(f"{'plugin':<16}{'version':<10}{'enabled':<9}description")
    for name, plugin in sorted(installed.items()):
        mark = "yes" if name in enabled else "no"
        print(f"{name:<16}{plugin.version:<10}{mark:<9}{plugin.description}")
    return 0


def cmd_makemigrations(args: argparse.Namespace) -> int:
    from bot.database import CORE_MODELS

    plugins = discovery.installed_plugins().values()
    apps = [CORE_MODELS, *(p.model_app for p in plugins if p.model_app)]
    asyncio.run(make_migrations(apps, args.apps, args.name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
