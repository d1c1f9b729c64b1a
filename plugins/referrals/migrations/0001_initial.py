from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Referral',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community_id', fields.IntField()),
                ('join_key', fields.CharField(unique=True, max_length=200)),
                ('campaign', fields.CharField(max_length=32)),
                ('inviter_id', fields.IntField(null=True)),
                ('invitee_id', fields.IntField(db_index=True)),
                ('link_id', fields.IntField(null=True, db_index=True)),
                ('platform', fields.CharField(max_length=32)),
                ('status', fields.CharField(max_length=16)),
                ('reason', fields.CharField(null=True, max_length=40)),
                ('detail', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('candidates', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('joined_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('activity_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('confirmed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('left_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('counts', fields.BooleanField(default=True)),
            ],
            options={'table': 'referrals_referral', 'app': 'referrals', 'indexes': [Index(fields=['community_id', 'inviter_id', 'status']), Index(fields=['community_id', 'status', 'confirmed_at'])], 'pk_attr': 'id', 'table_description': 'One join: who came, through whose link, and where it stands.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReferralAdjustment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community_id', fields.IntField()),
                ('member_id', fields.IntField(db_index=True)),
                ('amount', fields.IntField()),
                ('reason', fields.CharField(max_length=200)),
                ('by_id', fields.IntField()),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'referrals_adjustment', 'app': 'referrals', 'pk_attr': 'id', 'table_description': 'A manual +/- by an admin, with a reason (counts toward steps like confirmed referrals).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReferralAudit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community_id', fields.IntField(db_index=True)),
                ('by_id', fields.IntField()),
                ('action', fields.CharField(max_length=32)),
                ('target', fields.CharField(null=True, max_length=64)),
                ('reason', fields.CharField(null=True, max_length=200)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'referrals_audit', 'app': 'referrals', 'pk_attr': 'id', 'table_description': 'Every admin action: who, what, on whom, why.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReferralBlock',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community_id', fields.IntField()),
                ('member_id', fields.IntField()),
                ('reason', fields.CharField(max_length=200)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'referrals_block', 'app': 'referrals', 'unique_together': (('community_id', 'member_id'),), 'pk_attr': 'id', 'table_description': 'A blacklisted member: their links credit nobody.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReferralGrant',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community_id', fields.IntField()),
                ('member_id', fields.IntField()),
                ('campaign', fields.CharField(max_length=32)),
                ('step', fields.IntField()),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('prize', fields.CharField(null=True, max_length=200)),
                ('prize_sent', fields.BooleanField(default=False)),
            ],
            options={'table': 'referrals_grant', 'app': 'referrals', 'unique_together': (('member_id', 'campaign', 'step'),), 'pk_attr': 'id', 'table_description': 'A reward step given to a member in a campaign: the unique row is what makes it once.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReferralLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community_id', fields.IntField()),
                ('member_id', fields.IntField(db_index=True)),
                ('platform', fields.CharField(max_length=32)),
                ('chat', fields.CharField(max_length=200)),
                ('url', fields.CharField(unique=True, max_length=300)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'referrals_link', 'app': 'referrals', 'pk_attr': 'id', 'table_description': 'The personal invite of a member to one chat of the community, revoked when they leave.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReferralMerge',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('reference', fields.CharField(unique=True, max_length=200)),
                ('moved', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('moved_links', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('inviter_moved', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('voided', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'referrals_merge', 'app': 'referrals', 'pk_attr': 'id', 'table_description': 'What a /link merge changed here, so an undone link gives it back.'},
            bases=['Model'],
        ),
    ]
