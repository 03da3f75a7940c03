"""Links mangled by chats and mail clients lose nothing silently: each family of mangling is
repaired where the intent is unambiguous (and a notice says what was repaired), every key
and value the page did not use is named, numbers follow one strict grammar, and a notice
quotes at most ~60 characters of a bad value."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.model import decode, encode
from app.model.codec import FIELDS, QUOTE, _q
from app.model.presets import PRESETS

LINKS = [p.query for p in PRESETS.values()] + [
    "surface=narrow_valley,kappa=30,angle=20&start=-2,1.5&steps=250&run=gd,alpha=0.05&run=adam,alpha=0.1,rho1=0.8"
    "&batch=8&sigma=2&seed=3&lang=uk",
    "surface=custom&f=sin(x)*(y%2B1)&bounds=-2,2,-1,1&run=lion,alpha=0.01"]


# the keys the page reads (a value equal to the default is used, not dropped: no notice);
# `v`, the version, is named when it is not the one the page writes (tested below)
READ = {f.key for f in FIELDS} | {k for f in FIELDS for k in f.also} | {"preset", "v"}


def amp(q):
    return q.replace("&", "&amp;")


def whole(q):
    return quote(q, safe="")


def wrapper(q):
    return "url=" + quote("https://example.org/explorer/?" + q, safe="")


def bom(q):
    return "\ufeff" + q


def junk(q, tail):
    return q + tail


def upper_keys(q):
    return "&".join(kv.split("=", 1)[0].upper() + "=" + kv.split("=", 1)[1] for kv in q.split("&"))


FAMILIES = {
    "&amp;": (amp, "&amp;"), "encoded as a whole": (whole, "percent-encoded"), "url= wrapper": (wrapper, "wrapper"),
    "byte-order mark": (bom, "byte-order"), "trailing )": (lambda q: junk(q, ")"), "')'"),
    "trailing ”": (lambda q: junk(q, "”"), "'”'"), "trailing .": (lambda q: junk(q, "."), "'.'"),
    "KEYS IN CAPITALS": (upper_keys, "was read as"),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(link=st.sampled_from(LINKS), family=st.sampled_from(sorted(FAMILIES)))
def test_each_family_of_mangling_is_repaired_and_said(link, family):
    mangle, word = FAMILIES[family]
    want, notes = decode(link)
    assert notes == []
    got, notes = decode(mangle(link))
    assert got == want, (family, mangle(link))
    assert any(word in n for n in notes), (family, notes)
    assert all(n.uk and n.uk != str(n) for n in notes)


@settings(max_examples=80, deadline=None)
@given(key=st.text(min_size=1, max_size=30).filter(lambda k: k.strip() and not set(k) & set("&=#%+\ufeff")),
       value=st.text(max_size=200).filter(lambda v: not set(v) & set("&#%+")))
def test_every_key_the_page_does_not_use_is_named(key, value):
    link = "surface=bowl&steps=50&" + quote(key, safe="") + "=" + quote(value, safe="")
    scene, notes = decode(link)
    known = decode("surface=bowl&steps=50")[0]
    if scene == known and key.strip() not in READ:      # a key the page does not read: a notice names it
        k = key.strip()             # quoted, or leading the notice as the key it is ('f= applies …', 'seed: …')
        assert any(_q(k) in n or n.startswith((k + "= ", k + ": ")) for n in notes), (key, notes)
    assert all(len(n) < 3 * QUOTE + 120 for n in notes)


@pytest.mark.parametrize("link, word", [
    ("=rosenbrock&=300", "'rosenbrock'"), ("__proto__[x]=1", "__proto__"), ("utm_source=mail&fbclid=x", "tracking"),
    ("run=gd&run=adam&alpha=0.1", "given on its own"), ("surface=bowl&f=x**2", "f"),
    ("steps=50&v=2", "version"), ("v=abc", "version"),
])
def test_values_the_page_cannot_use_are_named(link, word):
    _, notes = decode(link)
    assert notes and any(word in n for n in notes), notes


def test_repairs_that_change_what_the_page_shows():
    scene, notes = decode("run=gd&alpha=0.1")                       # applied to the only run
    assert scene.runs[0].values["alpha"] == 0.1 and notes
    scene, notes = decode("run[]=adam&Steps=120")
    assert scene.runs[0].method == "adam" and scene.steps == 120 and len(notes) == 2
    scene, notes = decode("f=x**2%20%2B%20y**2")                     # a formula without surface=custom
    assert scene.surface == "custom" and notes
    again, notes = decode("surface=custom&formula=x**2%20%2B%20y**2")  # a formula under another key
    assert again == scene and "was read as f" in notes[0]
    scene, notes = decode("run=adam,alpha=0.05,alpha=0.1")          # the same setting twice: said, last wins
    assert scene.runs[0].values["alpha"] == 0.1 and "twice" in notes[0]


@pytest.mark.parametrize("text, value", [("300", 300), ("+300", 300), ("3e2", 300), ("3E+2", 300), ("3e 2", 300),
                                         ("3.0e2", 300), ("300.", 300), ("3000e-1", 300)])
def test_numbers_follow_one_grammar(text, value):
    scene, notes = decode("steps=" + quote(text, safe="+ ") + "&v=1")
    assert notes == [] and scene.steps == value


@pytest.mark.parametrize("text", ["1_000", "١٢٣", "0x10", "nan", "inf", "1e", "--3", "3,5", "½"])
def test_what_is_not_a_number_is_refused_with_the_grammar(text):
    scene, notes = decode("steps=" + quote(text))
    assert scene.steps == decode("")[0].steps and notes
    assert "not a number" in notes[0] or "not finite" in notes[0]


def test_a_whole_number_key_rounds_and_says_so():
    scene, notes = decode("seed=1.5")
    assert scene.seed == 2 and "not a whole number" in notes[0] and "outside" not in notes[0]


def test_a_notice_quotes_at_most_sixty_characters():
    for link in ("alpha=" + "9" * 20000, "run=gd,alpha=" + "x" * 9000, "surface=" + "y" * 5000, "foo" * 3000 + "=1"):
        _, notes = decode(link)
        assert notes and all(len(n) < 400 and len(n.uk) < 400 for n in notes), [len(n) for n in notes]
        assert any("characters)" in n for n in notes)


def test_repaired_links_encode_clean():
    scene, _ = decode(amp(LINKS[-2]))
    assert decode(encode(scene)) == (scene, [])


def test_notices_in_ukrainian_speak_ukrainian():
    """No English word of the codec's own in a Ukrainian notice (the link's text aside)."""
    import re
    links = ["run=adam,alpha=0.05,alpha=0.1", "foo=" + "x" * 300, "run=gd,alpha=abc", "seed=1.5",
             "surface=narrow_valley,kappa=1e9", "run=gd&run=adam&alpha=" + "1" * 100, "utm_source=a"]
    english = re.compile(r"\b(run|surface|characters|given|ignored|using|unknown|not used|the link)\b")
    for link in links:
        for n in decode(link)[1]:
            outside_quotes = re.sub(r"'[^']*'", "", n.uk)
            assert not english.search(outside_quotes.replace("run=gd,alpha=0.1", "")), n.uk


def test_english_notices_stay_english_for_long_values():
    """A long bad value's length is said in the notice's own language ('characters', not
    'символів') in every reader."""
    import re
    long = "9" * 100
    links = [f"bounds={long}", f"start={long}", f"narrate={long}", f"preset={long}", f"RUN[{long}]=gd",
             f"steps=300{'”' * 70}", f"surface={long}", f"run=gd,alpha={long}x"]
    for link in links:
        notes = decode(link)[1]
        assert notes, link
        for n in notes:
            assert not re.search("[А-Яа-яІіЇїЄєҐґ]", str(n)), (link, str(n))
