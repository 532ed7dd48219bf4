"""The scanner behind byte-preserving edits finds each element's text, and refuses what it misreads."""

import pytest
from lxml import etree

from netcfg.errors import InputError
from netcfg.io.source_map import Source, apply

TRICKY = (
    '\ufeff<?xml version="1.0"?>\r\n<!-- <NotAnElement> -->\r\n<a x="1 > 0" y=\'/>\'>\r\n'
    "  <b><![CDATA[<c>not an element</c>]]></b>\r\n  <c/>\r\n  <d  >text</d >\r\n</a>\r\n"
)


def test_elements_map_to_their_text_despite_comments_cdata_and_odd_attributes():
    data = TRICKY.encode()
    source = Source.read(data)
    root = etree.fromstring(data)
    spans = source.map(root)
    assert source.bom and source.newline == "\r\n"
    d = root[2]
    assert source.text[spans[d].inner_start : spans[d].inner_end] == "text"
    assert source.text[spans[root[1]].start : spans[root[1]].end] == "<c/>" and spans[root[1]].empty
    assert source.indent(spans[d]) == "  "
    edited = apply(source.text, [(spans[d].inner_start, spans[d].inner_end, "new")])
    assert source.encode(edited) == data.replace(b">text<", b">new<")


def test_a_file_the_scanner_reads_differently_is_refused():
    source = Source.read(b"<a><b/></a>")
    other = etree.fromstring(b"<a><c/></a>")
    with pytest.raises(InputError, match="cannot be edited safely"):
        source.map(other)


@pytest.mark.parametrize("text", [b"<a><b></a>", b"<a>", b"<a>\xff</a>", b'<?xml version="1.0" encoding="x-klingon"?><a/>'])
def test_broken_text_is_refused(text):
    with pytest.raises(InputError):
        Source.read(text)


def test_overlapping_edits_are_a_bug_not_a_silent_mess():
    with pytest.raises(ValueError):
        apply("abcdef", [(0, 3, "x"), (2, 4, "y")])
