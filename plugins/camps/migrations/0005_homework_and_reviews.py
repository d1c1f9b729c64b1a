from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('camps', '0004_pods_places_mentors_audit'), ('core', '0001_initial'), ('core', '0002_security'), ('core', '0003_intake')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Submission',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cohort', fields.ForeignKeyField('camps.Cohort', source_field='cohort_id', db_constraint=True, to_field='id', related_name='submissions', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='camp_submissions', on_delete=OnDelete.CASCADE)),
                ('day', fields.SmallIntField()),
                ('version', fields.SmallIntField(default=1)),
                ('text', fields.TextField(default='', unique=False)),
                ('link', fields.CharField(null=True, max_length=500)),
                ('late', fields.BooleanField(default=False)),
                ('state', fields.CharField(default='submitted', max_length=16)),
                ('holder', fields.ForeignKeyField('core.Member', source_field='holder_id', null=True, db_constraint=True, to_field='id', related_name='camp_submissions_held', on_delete=OnDelete.CASCADE)),
                ('score', fields.FloatField(null=True)),
                ('reference', fields.CharField(max_length=128)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('settled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'camps_submission', 'app': 'camps', 'unique_together': (('cohort', 'member', 'day', 'version'), ('cohort', 'member', 'reference')), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Review',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('submission', fields.ForeignKeyField('camps.Submission', source_field='submission_id', db_constraint=True, to_field='id', related_name='reviews', on_delete=OnDelete.CASCADE)),
                ('reviewer', fields.ForeignKeyField('core.Member', source_field='reviewer_id', db_constraint=True, to_field='id', related_name='camp_reviews', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=8)),
                ('state', fields.CharField(default='open', max_length=12)),
                ('scores', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('comment', fields.CharField(null=True, max_length=1000)),
                ('verdict', fields.CharField(null=True, max_length=8)),
                ('assigned_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('nudged_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('done_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'camps_review', 'app': 'camps', 'unique_together': (('submission', 'reviewer'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SubmissionFile',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('submission', fields.ForeignKeyField('camps.Submission', source_field='submission_id', db_constraint=True, to_field='id', related_name='files', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=16)),
                ('filename', fields.CharField(max_length=200)),
                ('data', fields.BinaryField()),
            ],
            options={'table': 'camps_submission_file', 'app': 'camps', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Enrolment',
            name='submitting_day',
            field=fields.SmallIntField(null=True),
        ),
    ]
