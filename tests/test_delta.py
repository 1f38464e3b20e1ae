"""Line deltas, substitutions and manifests: the pieces update packs are made of."""

import pytest
from samizdat_bundle.delta import (
    apply_delta,
    common_replacements,
    make_delta,
    replaced_lines,
    substitute,
)
from samizdat_bundle.manifest import (
    ManifestError,
    compare_tree,
    format_manifest,
    parse_manifest,
)

PAGE = "<html>\n<p>one</p>\n<p>two</p>\n<footer>made on Monday</footer>\n</html>\n"


@pytest.mark.parametrize(
    "new",
    [
        PAGE,
        PAGE.replace("Monday", "Tuesday"),
        PAGE.replace("<p>two</p>\n", ""),
        PAGE.replace("<p>one</p>\n", "<p>zero</p>\n<p>one</p>\n"),
        "",
        "no trailing newline",
        "한국어 줄\nئۇيغۇرچە قۇر\n",
    ],
)
def test_delta_round_trip(new):
    delta = make_delta(PAGE.encode(), new.encode())
    assert apply_delta(PAGE.encode(), delta) == new.encode()


def test_binary_files_have_no_delta():
    assert make_delta(b"\xff\xfe\x00", b"\xff\x00") is None
    assert substitute(b"\xff\xfe", {"a": "b"}) == b"\xff\xfe"


def test_a_line_changed_in_many_files_becomes_one_substitution():
    pages = [PAGE.replace("one", f"page {n}") for n in range(3)]
    pairs = [
        pair
        for page in pages
        for pair in replaced_lines(
            page.encode(), page.replace("Monday", "Tuesday").encode()
        )
    ]
    substitutions = common_replacements(pairs)
    assert substitutions == {
        "<footer>made on Monday</footer>\n": "<footer>made on Tuesday</footer>\n"
    }
    assert (
        substitute(pages[0].encode(), substitutions)
        == pages[0].replace("Monday", "Tuesday").encode()
    )
    # A replacement seen in one file only is a delta, not a substitution.
    assert common_replacements(pairs[:1]) == {}


def test_manifest_round_trip_and_comparison():
    tree = {"index.html": b"a", "ko/x.html": b"b"}
    manifest = parse_manifest(format_manifest({p: "0" * 64 for p in tree}))
    assert set(manifest) == set(tree)
    differences = compare_tree(manifest, {"index.html": b"a", "new.html": b"c"})
    assert differences.missing == ["ko/x.html"]
    assert differences.changed == ["index.html"]
    assert differences.extra == ["new.html"]


@pytest.mark.parametrize(
    "line",
    [
        b"abc  x.html\n",
        b"0" * 64 + b" x.html\n",
        b"0" * 64 + b"  \n",
        b"0" * 64 + b"  ../outside.html\n",
        b"0" * 64 + b"  /etc/passwd\n",
        b"0" * 64 + b"  a//b.html\n",
        b"0" * 64 + b"  a\\b.html\n",
        b"0" * 64 + b"  a\rb.html\n",
        b"0" * 64 + b"  C:/x.html\n",
        b"0" * 64 + b"  MANIFEST.sha256\n",
        b"G" * 64 + b"  x.html\n",
    ],
)
def test_unreadable_manifest_line_is_named(line):
    with pytest.raises(ManifestError, match="line 1"):
        parse_manifest(line)


def test_manifest_listing_a_file_twice_is_refused():
    with pytest.raises(ManifestError, match=r"lists a\.html twice"):
        parse_manifest(b"0" * 64 + b"  a.html\n" + b"1" * 64 + b"  a.html\n")


def test_delta_past_the_end_of_the_file_is_refused():
    with pytest.raises(ValueError, match="past the file's end"):
        apply_delta(b"one\n", [[0, 5]])
