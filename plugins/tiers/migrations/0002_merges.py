from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial'), ('core', '0002_security'), ('tiers', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='TierMerge',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='tier_merges', on_delete=OnDelete.CASCADE)),
                ('reference', fields.CharField(unique=True, max_length=128)),
                ('entries', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('kept_earned', fields.CharField(null=True, max_length=32)),
                ('merged_earned', fields.CharField(null=True, max_length=32)),
                ('merged_season_xp', fields.IntField(default=0)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'tiers_merge', 'app': 'tiers', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
