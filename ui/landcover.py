"""The landcover tab (being built)."""
from __future__ import annotations

import streamlit as st

from ui.context import PageContext


def render(ctx: PageContext) -> None:
    """Draw the tab."""
    st.info("…")
