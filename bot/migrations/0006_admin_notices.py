from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0005_restriction_sources')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AdminNotice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='admin_notices', on_delete=OnDelete.CASCADE)),
                ('item', fields.CharField(max_length=200)),
                ('admin', fields.CharField(max_length=160)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'core_admin_notice', 'app': 'core', 'unique_together': (('community', 'item', 'admin'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
