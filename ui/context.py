"""What every part of the page needs, passed as one object (no globals)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.accounts import ANONYMOUS, Account
from geo.atlas import Atlas
from geo.datasets import Shared
from geo.i18n import Translator
from geo.settings import Settings
from geo.store import Store
from ui.sidebar import Choice


@dataclass(frozen=True)
class PageContext:
    """The loaded atlas (full and display geometry), this session's user values, the sidebar choice, language."""

    full: Atlas
    display: Atlas
    user: pd.DataFrame | None
    choice: Choice
    tr: Translator
    settings: Settings
    store: Store | None = None  # the dataset store (None only in tests of a single tab)
    account: Account = ANONYMOUS  # who is signed in
    published: Shared | None = None  # the published datasets at the page's data version
    version: int = 0  # the page's data version (0: built-in data only); part of every cache key
