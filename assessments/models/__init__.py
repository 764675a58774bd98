from .pages import QuestionsPerPage, QuizKind, QuizPage, ReviewPolicy

__all__ = ["QuestionsPerPage", "QuizKind", "QuizPage", "ReviewPolicy"]
