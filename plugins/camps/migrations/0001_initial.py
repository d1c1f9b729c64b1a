from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0002_security')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Cohort',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='camp_cohorts', on_delete=OnDelete.CASCADE)),
                ('camp', fields.CharField(max_length=40)),
                ('name', fields.CharField(max_length=40)),
                ('start', fields.DateField()),
                ('timezone', fields.CharField(max_length=64)),
                ('enrol_from', fields.DateField(null=True)),
                ('enrol_until', fields.DateField(null=True)),
                ('seats', fields.IntField(null=True)),
                ('chats', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('declared', fields.BooleanField(default=False)),
                ('opened_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('graduated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'camps_cohort', 'app': 'camps', 'unique_together': (('community', 'name'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cohort', fields.ForeignKeyField('camps.Cohort', source_field='cohort_id', db_constraint=True, to_field='id', related_name='audit', on_delete=OnDelete.CASCADE)),
                ('actor', fields.ForeignKeyField('core.Member', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='camp_audit_done', on_delete=OnDelete.CASCADE)),
                ('subject', fields.ForeignKeyField('core.Member', source_field='subject_id', null=True, db_constraint=True, to_field='id', related_name='camp_audit_about', on_delete=OnDelete.CASCADE)),
                ('action', fields.CharField(max_length=32)),
                ('detail', fields.CharField(null=True, max_length=300)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'camps_audit', 'app': 'camps', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DayDone',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cohort', fields.ForeignKeyField('camps.Cohort', source_field='cohort_id', db_constraint=True, to_field='id', related_name='days_done', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='camp_days_done', on_delete=OnDelete.CASCADE)),
                ('day', fields.SmallIntField()),
                ('source', fields.CharField(max_length=16)),
                ('reference', fields.CharField(null=True, max_length=128)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'camps_day_done', 'app': 'camps', 'unique_together': (('cohort', 'member', 'day', 'source'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Notice',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cohort', fields.ForeignKeyField('camps.Cohort', source_field='cohort_id', db_constraint=True, to_field='id', related_name='notices', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', null=True, db_constraint=True, to_field='id', related_name='camp_notices', on_delete=OnDelete.CASCADE)),
                ('key', fields.CharField(max_length=64)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'camps_notice', 'app': 'camps', 'unique_together': (('cohort', 'member', 'key'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Pod',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cohort', fields.ForeignKeyField('camps.Cohort', source_field='cohort_id', db_constraint=True, to_field='id', related_name='pods', on_delete=OnDelete.CASCADE)),
                ('number', fields.SmallIntField()),
                ('leader', fields.ForeignKeyField('core.Member', source_field='leader_id', null=True, db_constraint=True, to_field='id', related_name='camp_pods_led', on_delete=OnDelete.CASCADE)),
                ('place', fields.CharField(null=True, max_length=128)),
            ],
            options={'table': 'camps_pod', 'app': 'camps', 'unique_together': (('cohort', 'number'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Enrolment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cohort', fields.ForeignKeyField('camps.Cohort', source_field='cohort_id', db_constraint=True, to_field='id', related_name='enrolments', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='camp_enrolments', on_delete=OnDelete.CASCADE)),
                ('state', fields.CharField(max_length=16)),
                ('step', fields.SmallIntField(default=0)),
                ('answers', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('direct_messages', fields.BooleanField(default=True)),
                ('named', fields.BooleanField(default=True)),
                ('leader_volunteer', fields.BooleanField(default=False)),
                ('pod', fields.ForeignKeyField('camps.Pod', source_field='pod_id', null=True, db_constraint=True, to_field='id', related_name='enrolments', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('enrolled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'camps_enrolment', 'app': 'camps', 'unique_together': (('cohort', 'member'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Unlock',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cohort', fields.ForeignKeyField('camps.Cohort', source_field='cohort_id', db_constraint=True, to_field='id', related_name='unlocks', on_delete=OnDelete.CASCADE)),
                ('day', fields.SmallIntField()),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'camps_unlock', 'app': 'camps', 'unique_together': (('cohort', 'day'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
