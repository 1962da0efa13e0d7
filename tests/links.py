"""The view's download links as the page shows them (ui/downloads.py), read from an AppTest run."""

from __future__ import annotations

import html
import re

from streamlit.testing.v1 import AppTest

_LINK = re.compile(r'<a class="gp-download" href="export/(?P<fmt>\w+)\?(?P<query>[^"]*)" download="(?P<name>[^"]*)">')


def download_links(at: AppTest) -> dict[str, str]:
    """format name -> the link's address relative to the page ("export/geojson?indicator=…")."""
    found: dict[str, str] = {}
    for element in at.get("html"):
        for m in _LINK.finditer(element.proto.body):
            found[m["fmt"]] = f"export/{m['fmt']}?{html.unescape(m['query'])}"
    return found


def download_labels(at: AppTest) -> dict[str, str]:
    """format name -> the link's text, as a person reads it."""
    labels: dict[str, str] = {}
    for element in at.get("html"):
        for m in re.finditer(r'href="export/(\w+)\?[^"]*" download="[^"]*">([^<]*)</a>', element.proto.body):
            labels[m[1]] = html.unescape(m[2])
    return labels
