from django.dispatch import Signal

# Sent once per attempt, right after it is graded. Keyword: attempt.
attempt_graded = Signal()
