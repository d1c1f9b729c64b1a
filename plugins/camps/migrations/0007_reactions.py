from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('camps', '0006_showcase_and_task_posts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SubmissionMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('submission', fields.ForeignKeyField('camps.Submission', source_field='submission_id', db_constraint=True, to_field='id', related_name='messages', on_delete=OnDelete.CASCADE)),
                ('message', fields.CharField(unique=True, max_length=160)),
            ],
            options={'table': 'camps_submission_message', 'app': 'camps', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SubmissionReaction',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('submission', fields.ForeignKeyField('camps.Submission', source_field='submission_id', db_constraint=True, to_field='id', related_name='reactions', on_delete=OnDelete.CASCADE)),
                ('user_key', fields.CharField(max_length=96)),
                ('emoji', fields.CharField(max_length=64)),
            ],
            options={'table': 'camps_submission_reaction', 'app': 'camps', 'unique_together': (('submission', 'user_key', 'emoji'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
