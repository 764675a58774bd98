import pytest

from tests.factories.quizzes import QuizPageFactory


@pytest.fixture
def quiz(course):
    return QuizPageFactory(parent=course)


def correct_answers(quiz) -> dict:
    """Answers that score full points on every question of `quiz`."""
    answers = {}
    for question in quiz.question_list:
        if question.type == "matching":
            answers[question.id] = {pair.id: pair.id for pair in question.choices}
        else:
            answers[question.id] = sorted(question.correct_ids)
    return answers


def wrong_answers(quiz) -> dict:
    answers = {}
    for question in quiz.question_list:
        if question.type == "matching":
            ids = [pair.id for pair in question.choices]
            answers[question.id] = dict(zip(ids, ids[1:] + ids[:1], strict=True))
        else:
            answers[question.id] = [
                next(c.id for c in question.choices if c.id not in question.correct_ids)
            ]
    return answers


def form_data(attempt, answers: dict, *, action: str = "save") -> dict:
    """POST data for a question page from answers in block ids."""
    from assessments.display import matching_token

    data: dict = {"action": action}
    for qid, answer in answers.items():
        if isinstance(answer, dict):
            for pair_id, answer_id in answer.items():
                data[f"q-{qid}-{pair_id}"] = matching_token(
                    attempt=attempt, question_id=qid, pair_id=answer_id
                )
        else:
            data[f"q-{qid}"] = list(answer)
    return data


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client
