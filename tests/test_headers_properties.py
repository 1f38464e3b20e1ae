"""Property tests for the header parser: any input reads, values round-trip."""

import yaml
from article_reader.headers import split_header
from hypothesis import example, given, settings
from hypothesis import strategies as st

# A value as trafilatura writes it: one line, no leading/trailing spaces.
line_text = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x85"
        ),
        min_size=1,
        max_size=60,
    )
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)


@given(st.text(max_size=400))
@settings(max_examples=300, deadline=None)  # no time limit: the machine may be busy
def test_any_text_splits_without_raising(text):
    header = split_header(text)
    assert header.shape in ("bare", "pelican", "front-matter")
    for value in header.fields.values():
        assert isinstance(value, str | list)


@given(line_text.filter(lambda t: not (t[0] in "'\"" and t[-1] == t[0])))
@example("[0]")  # a flow list to YAML: found by this test
@example("{a: 1}")
@settings(deadline=None)  # no time limit: the machine may be busy
def test_trafilatura_unquoted_title_reads_as_written(title):
    header = split_header(f"---\ntitle: {title}\n---\nBody text.\n")
    assert header.shape == "front-matter"
    assert header.fields["title"] == title
    assert header.body.strip() == "Body text."


@given(line_text, st.lists(line_text, min_size=1, max_size=5))
@settings(deadline=None)  # no time limit: the machine may be busy
def test_yaml_written_by_a_yaml_library_reads_back(title, tags):
    document = yaml.safe_dump({"title": title, "tags": tags}, allow_unicode=True)
    header = split_header(f"---\n{document}---\nBody text.\n")
    assert header.fields["title"] == title
    assert header.fields["tags"] == tags
    assert "Body text." in header.body


@given(st.lists(line_text.filter(lambda t: "'" not in t), min_size=1, max_size=5))
@settings(deadline=None)  # no time limit: the machine may be busy
def test_python_style_lists_read_as_lists(tags):
    written = "[" + ", ".join(f"'{tag}'" for tag in tags) + "]"
    header = split_header(f"---\ntitle: T\ntags: {written}\n---\nBody.\n")
    assert header.fields["tags"] == tags
