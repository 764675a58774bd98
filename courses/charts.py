"""Server-rendered SVG bar charts of report series: no JavaScript, readable by screen readers
(`role="img"`, a title and a description) and shown next to a table of the same figures.

Geometry is worked out here; the markup is `courses/includes/bar_chart.html`. Right-to-left
languages get the mirror image: labels on the right, bars growing leftwards."""

from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language_bidi, gettext, ngettext

from courses.reports import Point, Series

WIDTH = 640
LABEL_WIDTH = 200
VALUE_WIDTH = 64
BAR_HEIGHT = 22
ROW_HEIGHT = 32
PADDING = 8


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str  # the value as printed
    x: float
    y: float
    width: float
    label_x: float
    value_x: float
    text_y: float


@dataclass(frozen=True)
class Chart:
    series: Series
    bars: list[Bar]
    width: int
    height: int
    rtl: bool
    description: str
    axis_x: float

    bar_height: int = BAR_HEIGHT

    @property
    def withheld_note(self) -> str:
        """How many groups have no bar, or ""."""
        if not self.series.withheld:
            return ""
        return ngettext(
            "%(count)d group is not drawn: too few learners.",
            "%(count)d groups are not drawn: too few learners.",
            self.series.withheld,
        ) % {"count": self.series.withheld}

    @property
    def label_anchor(self) -> str:
        # With `direction="rtl"` on the SVG, "start" is the right-hand edge.
        return "start" if self.rtl else "end"


def chart_for(series: Series, *, rtl: bool = False) -> Chart:
    """The bars of `series`, one per published point, scaled to the largest value (or to 100
    for percentages)."""
    top = max([point.value for point in series.points], default=0)
    scale = Decimal(100) if series.percent else max(Decimal(top), Decimal(1))
    bar_room = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 2 * PADDING
    axis_x = WIDTH - LABEL_WIDTH if rtl else LABEL_WIDTH
    bars = []
    for index, point in enumerate(series.points):
        width = float(Decimal(point.value) / scale * bar_room) if point.value else 0.0
        y = PADDING + index * ROW_HEIGHT
        bars.append(
            Bar(
                label=str(point.label),
                shown=_shown(point, series),
                x=axis_x - width if rtl else axis_x,
                y=y,
                width=round(width, 1),
                label_x=axis_x + PADDING if rtl else axis_x - PADDING,
                value_x=axis_x - width - 4 if rtl else axis_x + width + 4,
                text_y=y + BAR_HEIGHT / 2,
            )
        )
    height = 2 * PADDING + max(len(bars), 1) * ROW_HEIGHT
    return Chart(series, bars, WIDTH, height, rtl, _description(series), axis_x)


def chart_render(series: Series, *, chart_id: str) -> SafeString:
    """The figure: the SVG chart and the table of its figures, in the current language's
    direction."""
    chart = chart_for(series, rtl=get_language_bidi())
    return render_to_string("courses/includes/bar_chart.html", {"chart": chart, "id": chart_id})


def _shown(point: Point, series: Series) -> str:
    text = number_format(point.value)
    return f"{text} %" if series.percent else text


def _description(series: Series) -> str:
    return ", ".join(f"{point.label}: {_shown(point, series)}" for point in series.points) or (
        gettext("No group has enough learners to be shown.")
    )
