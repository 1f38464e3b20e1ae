"""article_reader.report.write_document: the report as JSON, one file a line."""

import io
import json

from article_reader.report import write_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=4,
)


def written(document: dict) -> str:
    handle = io.StringIO()
    write_document(handle, document)
    return handle.getvalue()


# No time limits: the machine may be busy.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {
            "format": st.text(),
            "summary": st.dictionaries(st.text(max_size=5), st.integers()),
            "files": st.lists(
                st.dictionaries(st.text(max_size=5), VALUES, max_size=4), max_size=5
            ),
            "crawls": st.lists(VALUES, max_size=2),
            "images": st.none() | st.dictionaries(st.text(max_size=5), st.integers()),
        }
    )
)
def test_the_report_reads_back_and_has_one_line_per_file(document):
    text = written(document)
    assert json.loads(text) == document
    if document["files"]:
        lines = text.split('\n "files": [\n', 1)[1].split("\n ]", 1)[0]
        entries = lines.split("\n")
        assert [json.loads(line.strip().rstrip(",")) for line in entries] == (
            document["files"]
        )
    else:  # exactly what json.dump(indent=1) writes
        assert text == json.dumps(document, ensure_ascii=False, indent=1) + "\n"
