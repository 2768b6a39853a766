"""Chart geometry shared by the journey and evaluation charts."""

import pytest

from resettle.core.charts import Frame, Scale, nice_ceiling, nice_step, ticks


def test_it_maps_values_in_a_straight_line_either_way_round():
    down = Scale(0, 10, 200, 20)  # SVG's y axis: bigger values higher up
    assert down(0) == 200 and down(10) == 20 and down(5) == 110
    assert Scale(-1, 1, 0, 100)(0.5) == 75


def test_it_puts_everything_in_the_middle_when_there_is_no_range():
    assert Scale(3, 3, 0, 100)(3) == 50


def test_it_knows_where_the_plot_ends():
    frame = Frame(width=640, height=260, left=48, top=16, right_margin=24, bottom_margin=40)
    assert (frame.right, frame.bottom) == (616, 220)


@pytest.mark.parametrize(
    ("span", "step"), [(1, 0.2), (0.35, 0.1), (12, 2.5), (100, 20), (0.06, 0.02), (0, 1.0)]
)
def test_it_picks_round_steps(span, step):
    assert nice_step(span) == pytest.approx(step)


def test_it_rounds_an_axis_up_to_a_whole_step():
    assert nice_ceiling(0.37) == pytest.approx(0.4)
    assert nice_ceiling(0.1) == pytest.approx(0.1)
    assert nice_ceiling(0) == 1.0


def test_it_lists_ticks_inside_the_range():
    assert ticks(0, 0.4) == [0, 0.1, 0.2, 0.3, 0.4]
    assert ticks(-2.3, 1.1, 4) == [-2, -1, 0, 1]
