"""Survey results: the figures per question and the bar charts drawn from them as inline SVG.

The charts are drawn by the site itself (nothing loaded from elsewhere) and read without colour:
each bar carries its label, count and percentage as text and a hatched pattern, and the page
shows a table with the same figures beside it.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Avg, Count
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from renkei.events.models import Survey, SurveyAnswer, SurveyQuestion


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answered: int = 0
    rows: list[tuple[str, int, int]] = field(default_factory=list)  # (label, count, percent)
    average: float | None = None
    comments: list[tuple[str, str]] = field(default_factory=list)  # (text, respondent name or "")

    @property
    def chart(self) -> SafeString:
        return bar_chart(self.rows, title=self.question.label, chart_id=f"chart-{self.question.pk}")


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def survey_results(survey: Survey, *, with_names: bool = False) -> tuple[int, list[QuestionResult]]:
    """The number of responses and each question's figures, in a fixed number of queries.

    ``with_names`` lists who wrote each comment (organisers of a named survey only).
    """
    questions = list(survey.questions.all())
    responses = survey.responses.count()
    answers = SurveyAnswer.objects.filter(response__survey=survey)
    ratings = {
        (row["question_id"], row["rating"]): row["n"]
        for row in answers.exclude(rating=None).values("question_id", "rating").annotate(n=Count("id"))
    }
    averages = {
        row["question_id"]: row["avg"]
        for row in answers.exclude(rating=None).values("question_id").annotate(avg=Avg("rating"))
    }
    chosen: dict[int, Counter] = {}
    answered: Counter = Counter()
    for question_id, choices in answers.exclude(choices=[]).values_list("question_id", "choices").iterator(2000):
        chosen.setdefault(question_id, Counter()).update(choices)
        answered[question_id] += 1
    texts: dict[int, list[tuple[str, str]]] = {}
    for question_id, text, name in (
        answers.exclude(text="")
        .order_by("id")
        .values_list("question_id", "text", "response__user__name")
        .iterator(2000)
    ):
        texts.setdefault(question_id, []).append((text, (name or "") if with_names else ""))

    results = []
    for question in questions:
        result = QuestionResult(question=question)
        if question.kind == SurveyQuestion.Kind.RATING:
            counts = [(str(score), ratings.get((question.pk, score), 0)) for score in range(5, 0, -1)]
            result.answered = sum(n for _label, n in counts)
            result.rows = [(label, n, _percent(n, result.answered)) for label, n in counts]
            average = averages.get(question.pk)
            result.average = round(average, 2) if average is not None else None
        elif question.kind in (SurveyQuestion.Kind.SINGLE, SurveyQuestion.Kind.MULTIPLE):
            counter = chosen.get(question.pk, Counter())
            result.answered = answered[question.pk]
            labels = question.choice_list
            # Choices removed since people answered still count, after the current ones.
            labels += [label for label in counter if label not in labels]
            result.rows = [(label, counter[label], _percent(counter[label], result.answered)) for label in labels]
        else:
            result.comments = texts.get(question.pk, [])
            result.answered = len(result.comments)
        results.append(result)
    return responses, results


BAR_HEIGHT = 28
GAP = 10
LABEL_WIDTH = 180
BAR_WIDTH = 300
WIDTH = LABEL_WIDTH + BAR_WIDTH + 120


def bar_chart(rows: list[tuple[str, int, int]], *, title: str, chart_id: str = "chart") -> SafeString:
    """A horizontal bar chart: one bar per (label, count, percent), each labelled with its figures."""
    if not rows:
        return mark_safe("")
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    top = max(count for _label, count, _percent in rows) or 1
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<defs><pattern id="{chart_id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#1a4b8c"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#ffffff" stroke-width="3"/></pattern></defs>',
    ]
    for index, (label, count, percent) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = round(BAR_WIDTH * count / top)
        figures = _("%(count)s (%(percent)s%%)") % {"count": count, "percent": percent}
        short = label if len(label) <= 14 else label[:13] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT * 0.68:.0f}" text-anchor="end" '
            f'font-size="14" fill="#1a1a1c">{escape(short)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" fill="#f1f1f4" '
            f'stroke="#767680" stroke-width="1"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="url(#{chart_id}-hatch)" '
            f'stroke="#1a4b8c" stroke-width="1"/>'
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + BAR_HEIGHT * 0.68:.0f}" font-size="14" '
            f'fill="#1a1a1c">{escape(figures)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
