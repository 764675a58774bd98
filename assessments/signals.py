from django.dispatch import Signal

# Sent once per attempt, when it is graded, inside the grading transaction: a receiver's
# database error undoes the grade too. Keyword: attempt.
attempt_graded = Signal()
