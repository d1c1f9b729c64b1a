from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('core', '0003_intake')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Action',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='gate_actions', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='gate_actions', on_delete=OnDelete.CASCADE)),
                ('chat', fields.CharField(max_length=128)),
                ('user_id', fields.CharField(max_length=64)),
                ('reference', fields.CharField(unique=True, max_length=192)),
                ('rule', fields.CharField(max_length=32)),
                ('text', fields.TextField(unique=False)),
                ('step', fields.CharField(max_length=16)),
                ('until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('log_chat', fields.CharField(null=True, max_length=128)),
                ('log_message', fields.CharField(null=True, max_length=64)),
                ('undone_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('undone_by', fields.CharField(null=True, max_length=64)),
            ],
            options={'table': 'gate_actions', 'app': 'gate', 'indexes': [Index(fields=['member_id', 'at']), Index(fields=['community_id', 'at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Appeal',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='gate_appeals', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='gate_appeals', on_delete=OnDelete.CASCADE)),
                ('action', fields.ForeignKeyField('gate.Action', source_field='action_id', null=True, db_constraint=True, to_field='id', related_name='appeals', on_delete=OnDelete.CASCADE)),
                ('text', fields.TextField(unique=False)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'gate_appeals', 'app': 'gate', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Application',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='gate_applications', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='gate_applications', on_delete=OnDelete.CASCADE)),
                ('chat', fields.CharField(max_length=128)),
                ('user_id', fields.CharField(max_length=64)),
                ('via', fields.CharField(default='request', max_length=16)),
                ('state', fields.CharField(default='asking', max_length=16)),
                ('step', fields.IntField(default=0)),
                ('answers', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('asked_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('deadline', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_by', fields.CharField(null=True, max_length=64)),
                ('reason', fields.CharField(null=True, max_length=500)),
            ],
            options={'table': 'gate_applications', 'app': 'gate', 'indexes': [Index(fields=['community_id', 'state']), Index(fields=['member_id', 'state']), Index(fields=['state', 'deadline'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Notice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='gate_notices', on_delete=OnDelete.CASCADE)),
                ('chat', fields.CharField(max_length=128)),
                ('message_id', fields.CharField(max_length=64)),
                ('delete_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'gate_notices', 'app': 'gate', 'indexes': [Index(fields=['delete_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ProbationPeriod',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='gate_probations', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='gate_probations', on_delete=OnDelete.CASCADE)),
                ('chat', fields.CharField(max_length=128)),
                ('user_id', fields.CharField(max_length=64)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('until', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('lifted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('lifted_by', fields.CharField(null=True, max_length=32)),
            ],
            options={'table': 'gate_probations', 'app': 'gate', 'unique_together': (('member', 'chat', 'started_at'),), 'indexes': [Index(fields=['lifted_at', 'until']), Index(fields=['member_id', 'lifted_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RightsNotice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='gate_rights', on_delete=OnDelete.CASCADE)),
                ('problem', fields.CharField(max_length=128)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'gate_rights', 'app': 'gate', 'unique_together': (('community', 'problem'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
