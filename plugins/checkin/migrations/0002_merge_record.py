from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('checkin', '0001_initial'), ('core', '0002_security')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MergeRecord',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='checkin_merges', on_delete=OnDelete.CASCADE)),
                ('reference', fields.CharField(unique=True, max_length=128)),
                ('kept_id', fields.IntField()),
                ('moved', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('dropped', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('merged_streak', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('kept_timezone', fields.CharField(null=True, max_length=64)),
                ('merged_joined_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('kept_joined_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'checkin_merge', 'app': 'checkin', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
