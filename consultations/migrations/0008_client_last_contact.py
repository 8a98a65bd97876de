"""Store each client's last contact (decision 0024): add the column, fill it, then require it."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate


def fill_last_contact(apps, schema_editor):
    """One UPDATE, as services.refresh_last_contact() writes it (a migration has no services)."""
    Client = apps.get_model("consultations", "Client")
    Consultation = apps.get_model("consultations", "Consultation")
    last = Consultation.objects.filter(client=OuterRef("pk")).order_by("-held_on")
    Client.objects.update(
        last_contact_on=Coalesce(Subquery(last.values("held_on")[:1]), TruncDate("created_at"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0007_statisticsversion"),
    ]

    operations = [
        migrations.AddField(
            model_name="client",
            name="last_contact_on",
            field=models.DateField(editable=False, null=True, verbose_name="last contact"),
        ),
        migrations.RunPython(fill_last_contact, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="client",
            name="last_contact_on",
            field=models.DateField(
                default=django.utils.timezone.localdate,
                editable=False,
                verbose_name="last contact",
            ),
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(fields=["-last_contact_on", "code"], name="client_last_contact"),
        ),
    ]
