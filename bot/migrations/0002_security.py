from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS, JSON_LOADS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AccountLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='account_links', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='account_links', on_delete=OnDelete.CASCADE)),
                ('platform', fields.CharField(max_length=32)),
                ('user_id', fields.CharField(max_length=64)),
                ('name', fields.CharField(max_length=200)),
                ('state', fields.CharField(default='pending', max_length=16)),
                ('moved_entries', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=JSON_LOADS)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('linked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'core_account_link', 'app': 'core', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='ChatBinding',
            name='joined',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='ChatBinding',
            name='previous_community_id',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Identity',
            name='names_member',
            field=fields.BooleanField(default=True),
        ),
        # Codes live ten minutes: the old table (codes in clear) is dropped, not converted.
        ops.DeleteModel(name='LinkCode'),
        ops.CreateModel(
            name='LinkCode',
            fields=[
                ('digest', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('purpose', fields.CharField(max_length=16)),
                ('member', fields.ForeignKeyField('core.Member', source_field='member_id', null=True, db_constraint=True, to_field='id', related_name='link_codes', on_delete=OnDelete.CASCADE)),
                ('community', fields.ForeignKeyField('core.Community', source_field='community_id', db_constraint=True, to_field='id', related_name='link_codes', on_delete=OnDelete.CASCADE)),
                ('issued_by', fields.CharField(max_length=100)),
                ('issued_in', fields.CharField(null=True, max_length=128)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'core_link_code', 'app': 'core', 'pk_attr': 'digest'},
            bases=['Model'],
        ),
    ]
