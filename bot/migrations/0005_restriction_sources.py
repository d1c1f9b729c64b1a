from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import UniqueConstraint

OLD_UNIQUE = ("member", "kind")
NEW_UNIQUE = ("member", "kind", "source")


class HoldPerSource(ops.TortoiseOperation):
    """A restriction unique per member, kind and source instead of per member and kind.

    SQLite cannot drop the UNIQUE that CreateModel wrote into the table itself, so there the
    table is remade without it (which also drops its index on `until`: made again)."""

    def describe(self) -> str:
        return "Make MemberRestriction unique per member, kind and source"

    def state_forward(self, app_label, state) -> None:
        model_state = self.get_model_state(state, app_label, "MemberRestriction")
        model_state.options["unique_together"] = (NEW_UNIQUE,)
        state.reload_model(app_label, "MemberRestriction")

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if not state_editor:
            return
        old = old_state.apps.get_model(f"{app_label}.MemberRestriction")
        new = new_state.apps.get_model(f"{app_label}.MemberRestriction")
        if state_editor.DIALECT == "sqlite":
            await state_editor._remake_table(new)
            await state_editor.add_index(new, Index(fields=("until",)))
        else:
            await state_editor.remove_constraint(old, UniqueConstraint(OLD_UNIQUE))
        await state_editor.add_constraint(new, UniqueConstraint(NEW_UNIQUE))

    async def database_backward(self, app_label, old_state, new_state, state_editor=None) -> None:
        raise NotImplementedError("two sources may hold the same restriction now")


class Migration(migrations.Migration):
    dependencies = [('core', '0004_restrictions')]

    initial = False

    operations = [
        ops.AddField(
            model_name='MemberRestriction',
            name='source',
            field=fields.CharField(default='', db_default='', max_length=64),
        ),
        HoldPerSource(),
    ]
