import factory
from django.contrib.auth.models import Group

from training_site.accounts.models import Roles, User


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person Number{n}")
    country = "KE"
    service = "military"
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = User
        skip_postgeneration_save = True

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create:
            return
        for role in extracted or [Roles.LEARNERS]:
            self.groups.add(Group.objects.get_or_create(name=role)[0])


class LearnerFactory(UserFactory):
    pass


class TrainerFactory(UserFactory):
    is_staff = False
    roles = factory.PostGeneration(
        lambda obj, create, extracted, **kw: (
            create and obj.groups.add(Group.objects.get_or_create(name=Roles.TRAINERS)[0])
        )
    )
