from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('tiers', '0003_ladder')]

    initial = False

    operations = [
        ops.CreateModel(
            name='TierThreshold',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='tier_thresholds', on_delete=OnDelete.CASCADE)),
                ('tier', fields.CharField(max_length=32)),
                ('xp', fields.IntField(null=True)),
                ('previous', fields.IntField()),
                ('by', fields.CharField(max_length=200)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'tiers_threshold', 'app': 'tiers', 'indexes': [Index(fields=['community_id', 'tier'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
