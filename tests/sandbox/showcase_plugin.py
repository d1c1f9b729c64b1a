"""A tiny plugin for the sandbox web tests: a button to press, a form, an image, a document, an edit and a job."""
from io import BytesIO

from PIL import Image as PILImage

from bot.context import Context
from bot.forms import Form, FormField
from bot.messages import Button, Document, Image, Message, Text
from bot.plugin import Permission, Plugin

plugin = Plugin("showcase", version="0.0.1", description="sandbox web test plugin")
posted: list[str] = []

FTL = """
cmd-panel = show a button
cmd-picture = show a picture
cmd-edited = say something, then correct it
cmd-report = the organisers' report
showcase-pressed = You pressed { $what }
showcase-press = Press me
cmd-feedback = tell us what you think
showcase-feedback = Tell us what you think
showcase-thanks = Thanks { $name }: { $score } of 5
"""


@plugin.on_startup
async def load_messages(runtime) -> None:
    runtime.catalogs.add("en", FTL)


def png(colour: str = "#2f6fde") -> bytes:
    out = BytesIO()
    PILImage.new("RGB", (120, 60), colour).save(out, "PNG")
    return out.getvalue()


@plugin.command("panel")
async def panel(ctx: Context):
    rows = [[ctx.button("showcase-press", "press", what="the button")],
            [Button("Docs", url="https://example.org/docs")]]
    await ctx.reply((Text("A panel\nwith two lines"),), buttons=rows)


@plugin.button("press")
async def press(ctx: Context, what: str):
    await ctx.answer("showcase-pressed", what=what)
    await ctx.send((Text(f"pressed by {ctx.user_name}"),))


FEEDBACK = Form("Feedback", [FormField("name", "Your name", max_length=20),
                             FormField("score", "Your score", options=["1", "2", "3", "4", "5"]),
                             FormField("more", "Anything else?", long=True, required=False)])


@plugin.command("feedback")
async def feedback(ctx: Context):
    await ctx.reply("showcase-feedback", buttons=[[ctx.button("showcase-feedback", "feedback", only_for=ctx.member,
                                                              form=FEEDBACK)]])


@plugin.form("feedback")
async def feedback_sent(ctx: Context):
    values = ctx.event.values
    await ctx.reply("showcase-thanks", name=values["name"], score=int(values["score"]) + 1)


@plugin.command("report", permission=Permission.ADMIN)
async def report(ctx: Context):
    rows = [[ctx.button("showcase-press", "press", what="the report")]]
    await ctx.reply((Text("3 members at risk"),), images=[Image(png("#c0392b"))], buttons=rows)


@plugin.command("picture")
async def picture(ctx: Context):
    await ctx.reply((Text("Here is a picture"),), images=[Image(png())],
                    document=Document(b"a,b\n1,2\n", "report.csv", "text/csv"))


@plugin.command("edited")
async def edited(ctx: Context):
    sent = await ctx.reply((Text("frist draft"),))
    await ctx.edit(sent, (Text("first draft, corrected"),))


@plugin.job("morning", cron="0 8 * * *")
async def morning(ctx: Context):
    adapter = ctx.runtime.adapters["sandbox"]
    posted.append(ctx.community.slug)
    await adapter.send(adapter.world.chat("demo"), Message((Text("Good morning, demo!"),)))
