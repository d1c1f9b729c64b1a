from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0004_restrictions'), ('tiers', '0002_merges')]

    initial = False

    operations = [
        ops.CreateModel(
            name='TierLadder',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.OneToOneField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='tier_ladder', on_delete=OnDelete.CASCADE)),
                ('fingerprint', fields.CharField(max_length=64)),
                ('generation', fields.IntField(default=0)),
            ],
            options={'table': 'tiers_ladder', 'app': 'tiers', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='TierMember',
            name='synced',
            field=fields.IntField(default=0),
        ),
    ]
