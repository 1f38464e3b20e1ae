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


class Recorded(dict):
    """An old tree that records which files a pack reads from it."""

    def __init__(self, tree):
        super().__init__(tree)
        self.read = set()

    def __getitem__(self, name):
        self.read.add(name)
        return super().__getitem__(name)


def test_pack_reads_only_changed_old_files_and_keeps_unchanged_ones(keys):
    from samizdat_bundle.manifest import MANIFEST_NAME, SIGNATURE_NAME, manifest_of
    from samizdat_bundle.manifest import sha256 as manifest_hash
    from samizdat_bundle.signing import CopyInfo, public_key_text, sign
    from samizdat_bundle.updates import (
        CHANGES_NAME,
        CHANGES_SIGNATURE_NAME,
        apply_pack,
        make_pack,
    )

    footer = "<footer>made on Monday</footer>\n"
    old = {f"{n}.html": PAGE.replace("one", f"page {n}").encode() for n in range(3)}
    # An unchanged page holding the line the others replace: the
    # substitution must not reach it when the pack is applied.
    old["kept.html"] = f"<p>quoted</p>\n{footer}".encode()
    new = {
        path: data.replace(b"Monday", b"Tuesday") if path != "kept.html" else data
        for path, data in old.items()
    }
    new["new.html"] = b"<p>new</p>\n"
    old_manifest = format_manifest(manifest_of(old))
    installed = {
        **old,
        MANIFEST_NAME: old_manifest,
        SIGNATURE_NAME: sign(old_manifest, keys.secret, CopyInfo("S", 1, "d")),
    }
    recorded = Recorded(old)
    pack, new_manifest = make_pack(old_manifest, new, recorded)
    assert recorded.read == {"0.html", "1.html", "2.html"}
    info = CopyInfo("S", 2, "d", base=manifest_hash(old_manifest))
    pack[SIGNATURE_NAME] = sign(new_manifest, keys.secret, info)
    pack[CHANGES_SIGNATURE_NAME] = sign(pack[CHANGES_NAME], keys.secret, info)
    tree, _ = apply_pack(pack, installed, public_key_text(keys.public))
    assert {p: d for p, d in tree.items() if p in new} == new
