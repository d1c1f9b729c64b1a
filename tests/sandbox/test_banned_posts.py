"""A member the gate banned cannot post in the group (the sandbox refuses them, as a platform
would) until an admin undoes the ban."""
import pytest

from adapters.sandbox.adapter import Refused
from plugins.gate import plugin
from plugins.gate.tests.helpers import gate_config


async def test_a_banned_member_is_refused_until_the_ban_is_undone(make_sandbox):
    sandbox = await make_sandbox(gate_config(actions={"mute_after": 1, "remove_after": 1}), plugins=[plugin])
    await sandbox.user("admin").says("hello admins", chat="admins")
    carol = sandbox.user("carol")
    await carol.says("free money https://t.me/+aaa111")
    with pytest.raises(Refused, match="carol is banned from this chat"):
        await carol.says("am I still here?")
    assert "carol" not in sandbox.adapter().world.members["demo"]
    await sandbox.user("admin").press(sandbox.bot_messages("admins")[-1], "Undo")
    await carol.says("back again")
    assert "carol" in sandbox.adapter().world.members["demo"]
