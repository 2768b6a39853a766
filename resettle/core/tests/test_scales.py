import pytest

from resettle.core import scales
from resettle.core.scales import INSTRUMENTS, PROGRESS, WELLBEING, Item


def test_it_anchors_every_point_of_our_scales_with_its_own_sentence():
    assert len(PROGRESS.items) >= 4
    for item in PROGRESS.items:
        assert (item.minimum, item.maximum, item.higher_is_better) == (1, 10, True)
        assert len(item.anchors) == 10
        assert len(set(item.anchors)) == 10, item.code
        for point in item.points:
            sentence = item.anchor(point)
            assert sentence.startswith(("I ", "My ", "There ", "The ")), sentence
            assert sentence.endswith(".")
            # Short, so they are easy to read aloud and to read with dyslexia.
            assert len(sentence.split()) <= 16, sentence


def test_it_has_the_scales_the_issue_asks_for_under_our_open_licence():
    codes = set(PROGRESS.item_codes)
    assert {"confidence", "motivation", "relationships", "use_of_time"} <= codes
    assert PROGRESS.licence == scales.PROJECT_LICENCE == "AGPL-3.0-or-later"
    assert "Outcomes Star" not in str(PROGRESS)


def test_it_asks_the_ons_questions_in_the_ons_words():
    questions = {item.code: item.question for item in WELLBEING.items}
    assert questions == {
        "life_satisfaction": "Overall, how satisfied are you with your life nowadays?",
        "worthwhile": "Overall, to what extent do you feel that the things you do in your life "
        "are worthwhile?",
        "happiness": "Overall, how happy did you feel yesterday?",
        "anxiety": "Overall, how anxious did you feel yesterday?",
    }
    for item in WELLBEING.items:
        assert (item.minimum, item.maximum) == (0, 10)
        assert "Not at all" in item.anchor(0) and "Completely" in item.anchor(10)
        assert item.anchor(5) == ""
    assert [i.code for i in WELLBEING.items if not i.higher_is_better] == ["anxiety"]
    assert WELLBEING.reported_separately
    assert "Office for National Statistics" in WELLBEING.attribution
    assert "Open Government Licence" in WELLBEING.attribution


def test_it_accepts_only_whole_scores_in_range():
    confidence = PROGRESS.item("confidence")
    assert confidence.accepts(1) and confidence.accepts(10)
    for bad in (0, 11, 5.5, "5", True, None):
        assert not confidence.accepts(bad)
    assert WELLBEING.item("anxiety").accepts(0)


def test_it_finds_instruments_and_items_by_code():
    assert scales.instrument("ons4") is WELLBEING
    assert set(INSTRUMENTS) == {"ons4", "progress"}
    with pytest.raises(KeyError):
        scales.instrument("outcomes_star")
    with pytest.raises(KeyError):
        PROGRESS.item("nope")


def test_it_refuses_a_scale_with_a_point_left_unanchored():
    with pytest.raises(ValueError):
        Item("x", "X", "X?", 1, 10, anchors=("I am.",) * 9)
