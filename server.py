"""The service (`make run`): the page (app.py) served by Streamlit with its caches filled before the first visitor,
GET /health answering "starting" until then (ui/warmup.py), and GET /export/{format} making a view's file
(ui/export_route.py). `streamlit run server.py` serves it."""

import os

from geo.settings import Settings, harden_gdal

harden_gdal(os.environ)  # before the export route loads rasterio/pyogrio, as app.py does

import streamlit as st  # noqa: E402
from starlette.routing import Route  # noqa: E402

from ui.export_route import export_route  # noqa: E402
from ui.warmup import health, lifespan  # noqa: E402

app = st.App("app.py", lifespan=lifespan, routes=[Route("/health", health), export_route(Settings.from_env())])
