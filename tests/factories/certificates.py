import uuid

import factory
from django.utils import timezone

from certificates.models import Certificate

from .users import UserFactory


class CertificateFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    course_key = factory.LazyFunction(uuid.uuid4)
    issued_at = factory.LazyFunction(timezone.now)
    holder_name = factory.LazyAttribute(lambda o: o.user.full_name)
    course_title = factory.Sequence(lambda n: f"Course {n}")
    language = "en"

    class Meta:
        model = Certificate

    class Params:
        revoked = factory.Trait(
            revoked_at=factory.LazyFunction(timezone.now), revocation_reason="Issued in error."
        )
