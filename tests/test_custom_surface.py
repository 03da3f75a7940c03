"""Your own surface f(x, y) in the URL codec and the formula box's edit (no browser)."""
import pytest

import landscapes
from app.model.edits import apply_formula
from app.model import CUSTOM_BOUNDS, DEFAULT, decode, encode, landscape_of

HOSTILE = [
    "__import__('os').system('rm -rf /')", "x.__class__", "lambda: 0", "open('/etc/passwd')", "x if y else 1",
    "[x for x in y]", "x;y", "exec('1')", "eval", "x" * 5000, "(" * 400 + "x" + ")" * 400, "9**9**9**9",
    "x**1e308", "%00", "\x00", "<script>alert(1)</script>", "x = 1", "sin", "sin(x, y, x)", "", "   ",
    "𝑥", "x @ y", "x // y", "getattr(x, 'y')", "1/0", "{x}", "x[0]", "`x`",
]


@pytest.mark.parametrize("text, bounds", [
    ("x**2 + 10*sin(y)", None), ("max(x, y) + x*y", ((-1, 2), (-5, 0.5))), ("x^2 + y^2 & x", None),
    ("(x - 1)**2 + 100*(y - x**2)**2", 5.0), ("exp(-x**2) + 0.5*y**2 # comment?", None)])
def test_custom_round_trip(text, bounds):
    from app.model import custom_params
    try:
        params = custom_params(text, bounds)
    except landscapes.FormulaError:
        return      # not a formula: nothing to encode (the hostile tests cover the message)
    scene = DEFAULT.__class__(**{**DEFAULT.__dict__, "surface": "custom", "surface_params": params})
    q = encode(scene)
    assert "surface=custom" in q and "f=" in q
    back, notices = decode(q)
    assert back == scene and not notices
    assert landscape_of(back.surface, back.surface_params).title == text.strip()


def test_custom_link_is_readable_and_default_bounds_omitted():
    s, n = decode("surface=custom&f=x**2%20%2B%2010*sin(y)")
    assert not n and s.surface == "custom" and dict(s.surface_params)["bounds"] == CUSTOM_BOUNDS
    q = encode(s)
    assert "f=x**2%20%2B%2010*sin(y)" in q and "bounds" not in q
    s2, _ = decode("surface=custom&f=x**2&bounds=5")
    assert dict(s2.surface_params)["bounds"] == ((-5, 5), (-5, 5)) and "bounds=5" in encode(s2)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_formula_in_url_gives_a_notice_never_an_exception(text):
    from urllib.parse import quote
    scene, notices = decode("surface=custom&f=" + quote(text, safe=""))
    if scene.surface == "custom":       # only if it really is a harmless formula
        scene.landscape.f(0.5, 0.5)
    else:
        assert scene.surface == DEFAULT.surface and notices


@pytest.mark.parametrize("bounds", ["nan", "1,2", "3,1,0,1", "a", "1e400", "-0", ",,,"])
def test_bad_bounds_give_a_notice(bounds):
    scene, notices = decode("surface=custom&f=x**2&bounds=" + bounds)
    assert scene.surface == "custom" and notices and dict(scene.surface_params)["bounds"] == CUSTOM_BOUNDS


def test_custom_without_formula_falls_back():
    scene, notices = decode("surface=custom")
    assert scene.surface == DEFAULT.surface and notices


def test_apply_formula_edit():
    s = apply_formula(DEFAULT, "x**2 + y**2", "2")
    assert s.surface == "custom" and s.landscape.bounds == ((-2, 2), (-2, 2))
    with pytest.raises(landscapes.FormulaError) as e:
        apply_formula(DEFAULT, "x +* 2", "")
    assert str(e.value)
    with pytest.raises(ValueError):
        apply_formula(DEFAULT, "x", "1,2,3")


@pytest.mark.parametrize("q", ["surface=custom&f=x**2%20%2B%2010*sin(y)", "", "surface=linreg_huber&lang=uk", "surface=logreg"])
def test_controls_build(q):
    from app.components.picture import render
    from app.components.layout import controls, header
    scene, _ = decode(q)
    header(scene), controls(scene)
    render(scene, None)
