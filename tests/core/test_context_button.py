"""`ctx.button`: the label is put with the press's arguments and the label's own; only the press's
arguments come back to the handler."""
from bot import Context, Plugin

plugin = Plugin("buttons")
pressed: list[dict] = []

FTL = """
buttons-take = Take day { $day } for { $who }
cmd-offer = offer a day
"""


@plugin.on_startup
async def load_messages(runtime) -> None:
    runtime.catalogs.add("en", FTL)


@plugin.command("offer")
async def offer(ctx: Context) -> None:
    await ctx.reply("buttons-take", day=0, who="-",
                    buttons=[[ctx.button("buttons-take", "take", day=3, label={"who": ctx.user_name})]])


@plugin.button("take")
async def take(ctx: Context, day: int, **rest) -> None:
    pressed.append({"day": day, **rest})


async def test_a_button_label_shows_its_arguments_and_only_the_press_ones_come_back(make_sandbox):
    sandbox = await make_sandbox(plugins=[plugin])
    await sandbox.user("alice").says("/offer")
    message = sandbox.history()[-1]
    assert message.buttons[0][0].label == "Take day 3 for Alice"
    await sandbox.user("alice").press(message, "Take day 3 for Alice")
    assert pressed == [{"day": 3}]
