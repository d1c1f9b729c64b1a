from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0006_admin_notices'), ('tiers', '0004_thresholds')]

    initial = False

    operations = [
        ops.AddField(
            model_name='TierMember',
            name='to_show',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
