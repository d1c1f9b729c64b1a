from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('camps', '0003_certificates_and_tiers'), ('core', '0003_intake')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Mentor',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cohort', fields.ForeignKeyField('camps.Cohort', source_field='cohort_id', db_constraint=True, to_field='id', related_name='mentors', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='camp_mentoring', on_delete=OnDelete.CASCADE)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'camps_mentor', 'app': 'camps', 'unique_together': (('cohort', 'member'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='AuditEntry',
            name='cohort',
            field=fields.ForeignKeyField('camps.Cohort', source_field='cohort_id', null=True, db_constraint=True, to_field='id', related_name='audit', on_delete=OnDelete.CASCADE),
        ),
        ops.AddField(
            model_name='AuditEntry',
            name='community',
            field=fields.ForeignKeyField('core.Community', source_field='community_id', null=True, db_constraint=True, to_field='id', related_name='camp_audit', on_delete=OnDelete.CASCADE),
        ),
        ops.AddField(
            model_name='Enrolment',
            name='timezone',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AlterModelOptions(
            name='MemberTier',
            options={'table': 'camps_member_tier', 'app': 'camps', 'pk_attr': 'member_id'},
        ),
        ops.AddField(
            model_name='Pod',
            name='dissolved',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='Pod',
            name='mentor',
            field=fields.ForeignKeyField('core.Member', source_field='mentor_id', null=True, db_constraint=True, to_field='id', related_name='camp_pods_mentored', on_delete=OnDelete.CASCADE),
        ),
        ops.AddField(
            model_name='Pod',
            name='places',
            field=fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
    ]
