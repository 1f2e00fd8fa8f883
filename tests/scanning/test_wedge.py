from hypothesis import given, strategies as st

from app.scanning.wedge import WedgeAction, WedgeDetector


def feed(detector, keys, start=0.0, gap=5.0):
    t, out = start, []
    for k in keys:
        out += detector.key(k, t)
        t += gap
    return out, t


def test_fast_burst_with_enter_is_a_scan():
    d = WedgeDetector()
    actions, t = feed(d, "4006381333931", gap=4)
    assert all(a.kind == "hold" for a in actions)
    assert d.enter(t) == [WedgeAction("scan", "4006381333931")]
    assert not d.holding


def test_human_typing_is_released_in_order():
    d = WedgeDetector()
    typed = ""
    t = 0.0
    for ch in "milch":
        for a in d.key(ch, t):
            typed += a.text if a.kind == "type" else ""
        t += 150
        for a in d.timeout(t - 100):
            typed += a.text
    assert typed == "milch"


def test_slow_key_before_enter_passes_enter():
    d = WedgeDetector()
    d.key("4", 0)
    assert d.enter(200) == [WedgeAction("type", "4"), WedgeAction("pass")]


def test_short_fast_burst_is_typing():
    d = WedgeDetector()
    feed(d, "12", gap=3)
    assert d.enter(6) == [WedgeAction("type", "12"), WedgeAction("pass")]


def test_enter_alone_passes():
    assert WedgeDetector().enter(0) == [WedgeAction("pass")]


def test_gap_splits_typing_from_following_scan():
    d = WedgeDetector()
    d.key("a", 0)
    out, t = feed(d, "12345678", start=500, gap=3)
    assert out[0] == WedgeAction("type", "a")
    assert d.enter(t) == [WedgeAction("scan", "12345678")]


@given(st.text(alphabet="0123456789ABC", min_size=4, max_size=40), st.floats(0, 35))
def test_any_scanner_speed_up_to_limit_scans(code, gap):
    d = WedgeDetector()
    _, t = feed(d, code, gap=gap)
    assert d.enter(t - gap + min(gap, 35)) == [WedgeAction("scan", code)]


@given(st.text(alphabet="abcdefghij 0123456789", min_size=1, max_size=20), st.floats(60, 500))
def test_human_speed_never_scans_and_loses_nothing(text, gap):
    d = WedgeDetector()
    got = ""
    t = 0.0
    for ch in text:
        got += "".join(a.text for a in d.key(ch, t) if a.kind == "type")
        t += gap
    got += "".join(a.text for a in d.enter(t) if a.kind == "type")
    assert got == text


def test_a_late_timer_in_the_middle_of_a_burst_is_taken_back():
    """The GUI thread was busy for 60 ms: the timer ran before the burst's next keys were seen."""
    d = WedgeDetector()
    actions, t = feed(d, "R10", gap=4)
    assert d.timeout(t + 60) == [WedgeAction("type", "R10")]  # the timer saw 60 ms without keys ...
    # ... but the keys the scanner sent meanwhile carry their own times, 4 ms apart
    assert d.key("0", t) == [WedgeAction("reclaim", "R10"), WedgeAction("hold")]
    actions, t = feed(d, "10100000042", start=t + 4, gap=4)
    assert d.enter(t) == [WedgeAction("scan", "R10010100000042")]


def test_a_long_fast_burst_without_enter_is_a_scan_and_a_late_enter_belongs_to_it():
    d = WedgeDetector()
    actions, t = feed(d, "4006381333931", gap=4)
    assert d.timeout(t + 60) == [WedgeAction("scan", "4006381333931")]
    assert d.enter(t + 10) == []  # never reaches the search field (it would pick a search hit)
    assert d.enter(t + 500) == [WedgeAction("pass")]  # a person's Enter later on


def test_typing_after_a_pause_is_not_taken_back():
    d = WedgeDetector()
    feed(d, "mil", gap=150)
    assert d.timeout(400) == [WedgeAction("type", "l")]
    assert d.key("c", 600) == [WedgeAction("hold")]
    assert d.enter(900) == [WedgeAction("type", "c"), WedgeAction("pass")]


def test_a_clock_that_goes_backwards_is_a_pause_not_scanner_speed():
    d = WedgeDetector()
    feed(d, "12", start=2**32 - 10, gap=4)  # an X server timestamp about to wrap
    assert d.key("3", 5) == [WedgeAction("type", "12"), WedgeAction("hold")]
    assert d.enter(1000) == [WedgeAction("type", "3"), WedgeAction("pass")]
