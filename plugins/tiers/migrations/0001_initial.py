from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('core', '0002_security')]

    initial = True

    operations = [
        ops.CreateModel(
            name='RightsNotice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='tier_notices', on_delete=OnDelete.CASCADE)),
                ('problem', fields.CharField(max_length=128)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'tiers_rights_notice', 'app': 'tiers', 'unique_together': (('community', 'problem'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TierApproval',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='tier_approvals', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='tier_approvals', on_delete=OnDelete.CASCADE)),
                ('tier', fields.CharField(max_length=32)),
                ('state', fields.CharField(default='pending', max_length=16)),
                ('decided_by', fields.CharField(null=True, max_length=200)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'tiers_approval', 'app': 'tiers', 'unique_together': (('member', 'tier'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TierAudit',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='tier_audit', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='tier_audit', on_delete=OnDelete.CASCADE)),
                ('action', fields.CharField(max_length=16)),
                ('old', fields.CharField(null=True, max_length=32)),
                ('new', fields.CharField(null=True, max_length=32)),
                ('amount', fields.IntField(null=True)),
                ('reason', fields.CharField(null=True, max_length=200)),
                ('by', fields.CharField(null=True, max_length=200)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'tiers_audit', 'app': 'tiers', 'indexes': [Index(fields=['community_id', 'at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TierGrant',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='tier_grants', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='tier_grants', on_delete=OnDelete.CASCADE)),
                ('tier', fields.CharField(max_length=32)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('reason', fields.CharField(max_length=200)),
                ('granted_by', fields.CharField(max_length=200)),
                ('reminded', fields.BooleanField(default=False)),
                ('ended', fields.BooleanField(default=False)),
            ],
            options={'table': 'tiers_grant', 'app': 'tiers', 'indexes': [Index(fields=['community_id', 'ended', 'ends_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TierMember',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='tier_members', on_delete=OnDelete.CASCADE)),
                ('member', fields.OneToOneField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='tier_member', on_delete=OnDelete.CASCADE)),
                ('xp', fields.IntField(default=0)),
                ('season_xp', fields.IntField(default=0)),
                ('earned', fields.CharField(null=True, max_length=32)),
                ('shown', fields.CharField(null=True, max_length=32)),
                ('tier_since', fields.DateField(null=True)),
                ('below_floor_since', fields.DateField(null=True)),
                ('steps_down_on', fields.DateField(null=True)),
                ('warned_on', fields.DateField(null=True)),
                ('present', fields.BooleanField(default=True)),
            ],
            options={'table': 'tiers_member', 'app': 'tiers', 'indexes': [Index(fields=['community_id', 'present', 'xp']), Index(fields=['community_id', 'present', 'season_xp']), Index(fields=['community_id', 'shown'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='XpEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='tier_xp', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='tier_xp', on_delete=OnDelete.CASCADE)),
                ('source', fields.CharField(max_length=64)),
                ('amount', fields.IntField()),
                ('reference', fields.CharField(null=True, max_length=128)),
                ('day', fields.DateField()),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'tiers_xp', 'app': 'tiers', 'unique_together': (('member', 'source', 'reference'),), 'indexes': [Index(fields=['member_id', 'day']), Index(fields=['community_id', 'at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
