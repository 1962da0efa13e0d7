"""The service (`make run`): the page (app.py) served by Streamlit with its caches filled before the first visitor,
and GET /health answering "starting" until then (ui/warmup.py). `streamlit run server.py` serves it."""

import streamlit as st
from starlette.routing import Route

from ui.warmup import health, lifespan

app = st.App("app.py", lifespan=lifespan, routes=[Route("/health", health)])
