from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial')]

    initial = True

    operations = [
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='checkin_audit', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='checkin_audit', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField()),
                ('action', fields.CharField(max_length=16)),
                ('reason', fields.CharField(null=True, max_length=200)),
                ('admin_name', fields.CharField(max_length=200)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'checkin_audit', 'app': 'checkin', 'indexes': [Index(fields=['member_id', 'day'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Checkin',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='checkins', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='checkins', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField()),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('kind', fields.CharField(max_length=16)),
                ('platform', fields.CharField(null=True, max_length=32)),
                ('note', fields.TextField(null=True, unique=False)),
                ('photo', fields.CharField(null=True, max_length=255)),
                ('photo_size', fields.IntField(null=True)),
                ('points', fields.IntField(default=0)),
            ],
            options={'table': 'checkin_checkin', 'app': 'checkin', 'unique_together': (('member', 'day'),), 'indexes': [Index(fields=['community_id', 'day'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DayDecisionRow',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='checkin_decisions', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='checkin_decisions', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField()),
                ('outcome', fields.CharField(max_length=16)),
                ('mark', fields.CharField(null=True, max_length=16)),
                ('streak_before', fields.IntField()),
                ('streak_after', fields.IntField()),
                ('total_after', fields.IntField()),
                ('cards_after', fields.IntField()),
                ('freezes_after', fields.IntField()),
                ('last_repair_after', fields.DateField(null=True)),
                ('card_earned', fields.BooleanField(default=False)),
                ('freeze_earned', fields.BooleanField(default=False)),
                ('milestone', fields.IntField(null=True)),
            ],
            options={'table': 'checkin_day_decision', 'app': 'checkin', 'unique_together': (('member', 'day'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Leave',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='checkin_leaves', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='checkin_leaves', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField()),
                ('reason', fields.CharField(null=True, max_length=200)),
            ],
            options={'table': 'checkin_leave', 'app': 'checkin', 'unique_together': (('member', 'day'),), 'indexes': [Index(fields=['community_id', 'day'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MemberStreak',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='checkin_streaks', on_delete=OnDelete.CASCADE)),
                ('member', fields.OneToOneField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='checkin_streak', on_delete=OnDelete.CASCADE)),
                ('settled_through', fields.DateField()),
                ('current', fields.IntField(default=0)),
                ('longest', fields.IntField(default=0)),
                ('cards', fields.IntField(default=0)),
                ('freezes', fields.IntField(default=0)),
                ('last_repair_day', fields.DateField(null=True)),
                ('total_days', fields.IntField(default=0)),
                ('points', fields.IntField(default=0)),
                ('week_start', fields.DateField(null=True)),
                ('week_days', fields.IntField(default=0)),
                ('week_points', fields.IntField(default=0)),
                ('month_start', fields.DateField(null=True)),
                ('month_days', fields.IntField(default=0)),
                ('month_points', fields.IntField(default=0)),
                ('present', fields.BooleanField(default=True)),
                ('timezone', fields.CharField(null=True, max_length=64)),
                ('remind', fields.CharField(default='on', max_length=8)),
                ('last_reminded', fields.DateField(null=True)),
            ],
            options={'table': 'checkin_member', 'app': 'checkin', 'indexes': [Index(fields=['community_id', 'present', 'current']), Index(fields=['community_id', 'present', 'total_days']), Index(fields=['community_id', 'present', 'points']), Index(fields=['community_id', 'present', 'week_start', 'week_days']), Index(fields=['community_id', 'present', 'week_start', 'week_points']), Index(fields=['community_id', 'present', 'month_start', 'month_days']), Index(fields=['community_id', 'present', 'month_start', 'month_points'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
