"""What a plugin's tests may use beside the `bot` face (the `sandbox` fixture comes with the
package's pytest plugin)."""
from bot.capabilities import RoleSupport  # a sandbox that plays Discord: replace(capabilities, roles=NATIVE)
from bot.clock import ManualClock, use_clock
from bot.config import problems_of
from bot.i18n import Catalogs
from bot.models import LedgerEntry
from bot.sql_log import SqlLog

__all__ = ["Catalogs", "LedgerEntry", "ManualClock", "RoleSupport", "SqlLog", "problems_of", "use_clock"]
