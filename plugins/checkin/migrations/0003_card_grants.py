from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('checkin', '0002_merge_record')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CardGrant',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='checkin_card_grants', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='checkin_card_grants', on_delete=OnDelete.CASCADE)),
                ('reference', fields.CharField(unique=True, max_length=128)),
                ('day', fields.DateField()),
                ('cards', fields.IntField()),
                ('source', fields.CharField(max_length=32)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'checkin_card_grant', 'app': 'checkin', 'indexes': [Index(fields=['member_id', 'day'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
