"""The live sandbox's clock, set by an operator, survives stopping and starting the bot."""
from datetime import datetime, timedelta

from tests.shequn_process import api, free_port, says, start, stop, wait_until_serving


def _run_once(tmp_path, port, then):
    process = start("run", cwd=tmp_path, env={"SHEQUN_WEB__PORT": str(port)})
    try:
        wait_until_serving(process, port)
        return then()
    finally:
        assert "shutting down" in stop(process)


def test_the_sandbox_clock_offset_is_kept_across_a_restart(tmp_path):
    port = free_port()

    def set_clock():
        _, now = api(port, "clock")
        later = datetime.fromisoformat(now["now"]) + timedelta(days=30)
        status, _ = api(port, "clock", {"now": later.isoformat()})
        assert status == 200
        says(port, "alice", "/checkin")
        return later

    later = _run_once(tmp_path, port, set_clock)
    _, after = _run_once(tmp_path, port, lambda: api(port, "clock"))
    restarted = datetime.fromisoformat(after["now"])
    assert later <= restarted < later + timedelta(minutes=10)  # still a month ahead, not back to real time
