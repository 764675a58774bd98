from .attempts import Attempt, AttemptEvent, AttemptStatus, KnowledgeGain
from .pages import QuestionsPerPage, QuizKind, QuizPage, ReviewPolicy

__all__ = [
    "Attempt",
    "AttemptEvent",
    "AttemptStatus",
    "KnowledgeGain",
    "QuestionsPerPage",
    "QuizKind",
    "QuizPage",
    "ReviewPolicy",
]
