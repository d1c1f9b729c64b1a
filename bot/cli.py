"""The `shequn` command: run, init, migrate, check-config, plugins, makemigrations."""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import sys
from pathlib import Path

from bot import discovery, stop_signals
from bot.clock import OffsetClock, use_clock
from bot.config import Settings, load_settings
from bot.database import (MigrationFailed, close_database, describe_database, make_migrations, migrate,
                          open_database)
from bot.errors import ConfigError, StartupError
from bot.logs import secrets_in, setup_logging
from bot.preflight import checked_settings, plugin_advice
from bot.shipped import example_config

EXIT_CONFIG = 2
EXIT_START_FAILED = 1
DEFAULT_CONFIG = "config.toml"
log = logging.getLogger("shequn")


def main(argv: list[str] | None = None) -> int:
    with stop_signals.stopping_on_signals():
        try:
            args = _parser().parse_args(argv)
            return _dispatch(args)
        except KeyboardInterrupt:
            return stop_signals.exit_code()


def _dispatch(args: argparse.Namespace) -> int:
    try:
        return args.handler(args) or 0
    except ConfigError as err:
        _print_problems(args.config, err.problems)
        return EXIT_CONFIG
    except (MigrationFailed, StartupError) as err:
        if logging.getLogger().handlers:
            log.error("could not start: %s", err)
        else:
            print(f"error: {err}", file=sys.stderr)
        return EXIT_START_FAILED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shequn", description="Community-operations bot for Telegram and Discord",
                                     parents=[_global_options()])
    parser.set_defaults(config=Path(os.environ.get("SHEQUN_CONFIG", DEFAULT_CONFIG)),
                        log_level=os.environ.get("SHEQUN_LOG_LEVEL", "INFO"))
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, parents=[_global_options()])
        sub.set_defaults(handler=handler)
        return sub

    command("run", cmd_run, "start the bot")
    init = command("init", cmd_init, "write config.toml from config.example.toml")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    command("migrate", cmd_migrate, "apply database migrations")
    command("check-config", cmd_check_config, "validate the config and list every problem")
    command("plugins", cmd_plugins, "list installed and enabled plugins")
    make = command("makemigrations", cmd_makemigrations, "(plugin authors) write migrations for model changes")
    make.add_argument("apps", nargs="*", help="app labels: core or plugin names (default: all)")
    make.add_argument("--name", help="migration name")
    return parser


def _global_options() -> argparse.ArgumentParser:
    """Options every command takes, before or after its name (`shequn run -c x.toml`)."""
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group("global options")
    # SUPPRESS: a command's parser sets these only when given, so it never undoes the main parser's value.
    group.add_argument("-c", "--config", type=Path, default=argparse.SUPPRESS,
                       help=f"config file (default: ./{DEFAULT_CONFIG}, or $SHEQUN_CONFIG)")
    group.add_argument("--log-level", default=argparse.SUPPRESS, metavar="LEVEL",
                       help="DEBUG, INFO, WARNING or ERROR (default: INFO, or $SHEQUN_LOG_LEVEL)")
    return options


def _print_problems(path: Path, problems: list[tuple[str, str]]) -> None:
    print(f"Configuration problems ({path}):", file=sys.stderr)
    for key, reason in problems:
        print(f"  {key}: {reason}", file=sys.stderr)
    print("Fix these and run again; see config.example.toml for every key.", file=sys.stderr)


def _installed() -> tuple[dict, dict]:
    """Plugins (the core's own included) and adapter classes, by name."""
    from bot.core_commands import plugin as core

    return {core.name: core, **discovery.installed_plugins()}, discovery.installed_adapters()


def load(args: argparse.Namespace, *, reach: bool = True) -> Settings:
    """Every section checked (each plugin's and adapter's too) and, with `reach`, the database
    and Redis asked to answer: all problems at once. Then logging is set up."""
    settings = checked_settings(args.config, *_installed(), reach=reach)
    setup_logging(args.log_level.upper(), secrets_in(settings.model_dump()))
    return settings


def build_runtime(settings: Settings):
    from bot.runtime import Runtime

    runtime = Runtime(settings, list(discovery.installed_plugins().values()), discovery.installed_adapters())
    runtime.build_adapters()
    return runtime


# --- commands ------------------------------------------------------------------------

def cmd_run(args: argparse.Namespace) -> int:
    settings = load(args)
    _log_where_things_are(args.config, settings)
    for key, advice in plugin_advice(_installed()[0], settings):
        log.warning("%s: %s", key, advice)
    runtime = build_runtime(settings)
    if set(runtime.adapters) == {"sandbox"}:
        use_clock(OffsetClock())  # the sandbox page may move time; jobs follow it
    asyncio.run(_run_until_signal(runtime))
    return 0


def _log_where_things_are(config: Path, settings: Settings) -> None:
    if config.exists():
        log.info("config: %s", config.resolve())
    else:
        log.info("no config file (%s); defaults and SHEQUN_* variables apply (`shequn init` writes one)", config)
    log.info("database: %s", describe_database(settings.database.url))


async def _run_until_signal(runtime) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in stop_signals.STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)

    def started() -> None:
        if "sandbox" in runtime.adapters and runtime.config.web.enabled:
            log.info("sandbox chat page: %s/sandbox", runtime.web.address)

    await runtime.run_forever(stop, on_started=started)


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
    plugins, adapters = _installed()
    settings = checked_settings(args.config, plugins, adapters, reach=True)
    where = args.config if args.config.exists() else "defaults (no config file)"
    print(f"config OK: {where}")
    for key, advice in plugin_advice(plugins, settings):
        print(f"warning: {key}: {advice}")
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
