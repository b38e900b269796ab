"""The progress chart (pyqtgraph): points line up by attempt, hover text, click opens."""

from __future__ import annotations

from typing import Any

from interviewer.gui.widgets.progress_chart import ProgressChart, Series


def test_points_line_up_by_attempt_and_a_click_opens_it(qtbot: Any) -> None:
    chart = ProgressChart()
    qtbot.addWidget(chart)
    everything = Series("All answers", (("d1", 40.0), ("d2", 55.0), ("d3", 61.0), ("d4", 70.0)),
                        ("a1", "a2", "a3", "a4"))
    one = Series("q05", (("d2", 55.0), ("d4", 70.0)), ("a2", "a4"))
    chart.set_series([one, everything])
    assert [s.name for s in chart.series] == ["q05", "All answers"]
    q05 = chart.scatters[0]
    assert [p.pos().x() for p in q05.points()] == [1.0, 3.0]  # where a2 and a4 are
    assert [p.data() for p in q05.points()] == ["a2", "a4"]
    tip = q05.opts["tip"]
    assert tip(3.0, 70.0, "a4") == "q05: 70 (d4); click to open"
    chosen: list[str] = []
    chart.attempt_chosen.connect(chosen.append)
    chart._clicked(q05, [q05.points()[1]])
    assert chosen == ["a4"]
    assert chart.plot.isVisibleTo(chart) and not chart.empty.isVisibleTo(chart)
    chart.set_series([])
    assert chart.empty.isVisibleTo(chart) and not chart.plot.isVisibleTo(chart)


def test_the_show_box_lists_components_and_reports_the_choice(qtbot: Any) -> None:
    chart = ProgressChart()
    qtbot.addWidget(chart)
    chart.set_measures([("coverage", "Coverage"), ("delivery", "Delivery")])
    assert [chart.measure_box.itemText(i) for i in range(3)] == [
        "Overall score", "Coverage", "Delivery"]
    with qtbot.waitSignal(chart.measure_changed) as changed:
        chart.measure_box.setCurrentIndex(2)
    assert changed.args == ["delivery"] and chart.measure == "delivery"
    chart.set_measures([("delivery", "Delivery")])  # the choice survives a refill
    assert chart.measure == "delivery"
