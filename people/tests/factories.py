"""factory_boy factories for the directory (units, officials)."""

import factory

from people.models import Official, Unit


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Công an huyện Số {n}")
    kind = Unit.Kind.DISTRICT_POLICE


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    name = factory.Sequence(lambda n: f"Nguyễn Văn Đức {n}")
