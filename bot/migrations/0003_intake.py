from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0002_security')]

    initial = False

    operations = [
        ops.CreateModel(
            name='IntakeEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('platform', fields.CharField(max_length=32)),
                ('key', fields.CharField(max_length=64)),
                ('payload', fields.TextField(unique=False)),
                ('state', fields.SmallIntField(default=0)),
                ('answers', fields.BinaryField(null=True)),
                ('sent', fields.IntField(default=0)),
                ('received_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'core_intake', 'app': 'core', 'unique_together': (('platform', 'key'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
