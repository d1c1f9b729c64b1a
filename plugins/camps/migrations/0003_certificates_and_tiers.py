from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('camps', '0002_waitlist_and_calendar'), ('core', '0001_initial'), ('core', '0002_security')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Certificate',
            fields=[
                ('code', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=24)),
                ('cohort', fields.ForeignKeyField('camps.Cohort', source_field='cohort_id', db_constraint=True, to_field='id', related_name='certificates', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='camp_certificates', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=200)),
                ('camp_title', fields.CharField(max_length=200)),
                ('start', fields.DateField()),
                ('end', fields.DateField()),
                ('issued_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'camps_certificate', 'app': 'camps', 'unique_together': (('cohort', 'member'),), 'pk_attr': 'code'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MemberTier',
            fields=[
                ('member', fields.OneToOneField('core.Member', source_field='member_id', primary_key=True, db_index=True, db_constraint=True, to_field='id', related_name='camp_tier', on_delete=OnDelete.CASCADE)),
                ('tier', fields.CharField(null=True, max_length=64)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'camps_member_tier', 'app': 'camps', 'pk_attr': 'member_id'},
            bases=['Model'],
        ),
    ]
