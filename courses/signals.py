from django.dispatch import Signal

# Sent once, when an enrolment's completed_at is first set. Keyword: enrolment.
enrolment_completed = Signal()
