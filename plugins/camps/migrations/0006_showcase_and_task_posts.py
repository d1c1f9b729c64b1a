from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('camps', '0005_homework_and_reviews'), ('core', '0004_restrictions')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Showcase',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('submission', fields.OneToOneField('camps.Submission', source_field='submission_id', db_constraint=True, to_field='id', related_name='showcase', on_delete=OnDelete.CASCADE)),
                ('picked_by', fields.ForeignKeyField('core.Member', source_field='picked_by_id', null=True, db_constraint=True, to_field='id', related_name='camp_showcases_picked', on_delete=OnDelete.CASCADE)),
                ('state', fields.CharField(default='asked', max_length=12)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'camps_showcase', 'app': 'camps', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TaskPost',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cohort', fields.ForeignKeyField('camps.Cohort', source_field='cohort_id', db_constraint=True, to_field='id', related_name='task_posts', on_delete=OnDelete.CASCADE)),
                ('day', fields.SmallIntField()),
                ('platform', fields.CharField(max_length=32)),
                ('chat_id', fields.CharField(max_length=64)),
                ('message_id', fields.CharField(max_length=64)),
            ],
            options={'table': 'camps_task_post', 'app': 'camps', 'unique_together': (('platform', 'chat_id', 'message_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
