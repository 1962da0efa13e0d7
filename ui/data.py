"""The data tab (数据管理 / Data): sign-in, the upload, my drafts, the published datasets with their reports, the
conflicts between them and the audit trail. Every change goes through geo.datasets, which checks the account's
rights itself: a button shown here is never the only guard."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from geo.accounts import ANONYMOUS, Account, SignInRefused, account_for_identity, sign_in
from geo.datasets import PRECEDENCE, Shared, add, publish, withdraw
from geo.errors import AtlasError
from geo.export import to_csv
from geo.i18n import Translator
from geo.store import DatasetRow, Store, StoreUnavailable, now
from ui.context import PageContext
from ui.upload import issue_rows, previewed, upload_key
from ui.upload import render as render_upload

ACCOUNT_KEY = "account"  # session_state: (Account, signed-in time); never shared between sessions
MESSAGE_KEY = "data_message"  # the outcome of the last action, shown once


def single_sign_on() -> bool:
    """Whether the department's identity provider is configured (Streamlit's OIDC sign-in, [auth] in secrets.toml)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, AttributeError):  # no secrets file: no provider
        return False


def account(settings_minutes: int, store: Store | None = None) -> Account:
    """The signed-in account of this session (ANONYMOUS when none, or when its session has expired); someone signed
    in by single sign-on has the store's account of their e-mail address, else is a viewer."""
    held = st.session_state.get(ACCOUNT_KEY)
    if held is None and store is not None and single_sign_on() and st.user.is_logged_in:
        return account_for_identity(store, str(st.user.email))
    if held is None:
        return ANONYMOUS
    who, since = held
    if now() - since > timedelta(minutes=settings_minutes):
        del st.session_state[ACCOUNT_KEY]
        st.session_state[MESSAGE_KEY] = ("warning", "data_session_expired", {})
        return ANONYMOUS
    return who


def sign_in_form(store: Store, tr: Translator, key: str = "signin") -> None:
    """Name and password (and the department's single sign-on when configured); a refusal says why, in the page's
    language."""
    if single_sign_on():
        st.button(tr.t("data_sso"), key=f"{key}_sso", on_click=st.login)
    with st.form(key, border=True):
        name = st.text_input(tr.t("data_name"), key=f"{key}_name")
        password = st.text_input(tr.t("data_password"), type="password", key=f"{key}_password")
        if st.form_submit_button(tr.t("data_sign_in")):
            try:
                st.session_state[ACCOUNT_KEY] = (sign_in(store, name.strip(), password), now())
                st.session_state[MESSAGE_KEY] = ("success", "data_signed_in", {"name": name.strip()})
            except SignInRefused as exc:
                st.session_state[MESSAGE_KEY] = ("error", "data_refused", {"error": str(exc)})
            st.rerun()


def render(ctx: PageContext) -> None:
    """Draw the tab."""
    tr, store = ctx.tr, ctx.store
    _message(tr)
    who = ctx.account
    if who.name:
        st.caption(tr.t("data_signed_in_as", name=who.name, role=tr.t(f"role_{who.role}")))
        st.button(tr.t("data_sign_out"), key="sign_out", on_click=_sign_out)
    else:
        st.caption(tr.t("data_anonymous"))
        sign_in_form(store, tr)
    render_upload(ctx)
    if who.may("add"):
        _keep_upload(ctx)
    _drafts(ctx)
    _published(ctx, ctx.published)
    _history(store, tr)


def _sign_out() -> None:
    st.session_state.pop(ACCOUNT_KEY, None)
    if single_sign_on() and st.user.is_logged_in:
        st.logout()


def _keep_upload(ctx: PageContext) -> None:
    """For a steward: keep the uploaded file as a draft version of a dataset (or publish it at once)."""
    uploaded = st.session_state.get(upload_key())
    if uploaded is None:
        return
    tr = ctx.tr
    with st.form("keep", border=True):
        st.markdown(f"**{tr.t('data_keep_title')}**")
        name = st.text_input(tr.t("data_dataset_name"), value=uploaded.name.rsplit(".", 1)[0], key="keep_name")
        now_too = st.checkbox(tr.t("data_publish_now"), key="keep_publish")
        if st.form_submit_button(tr.t("data_keep")):
            _act(tr, lambda: _store_upload(ctx, uploaded.getvalue(), uploaded.name, name, now_too))
            st.rerun()  # the outcome, and the published data, on the page at once


def _store_upload(ctx: PageContext, content: bytes, file_name: str, name: str, now_too: bool) -> tuple[str, dict]:
    reading, totals = previewed(ctx.full, ctx.settings)  # kept as the preview reads it (corrections, sheets)
    added = add(
        ctx.store,
        content,
        file_name,
        ctx.account,
        ctx.full.catalog,
        ctx.full.region_index,
        ctx.settings,
        name=name,
        publish_now=now_too,
        reading=reading,
        totals=totals,
    )
    if added.dataset_id is None:
        return "data_not_kept", {"name": file_name, "errors": len(added.result.errors)}
    return ("data_published" if now_too else "data_kept"), {"name": name, "id": added.dataset_id}


def _drafts(ctx: PageContext) -> None:
    who, tr, store = ctx.account, ctx.tr, ctx.store
    if not who.name:
        return
    mine = store.datasets(states=("draft",), added_by=who.name)
    st.subheader(tr.t("data_drafts"))
    if not mine:
        st.caption(tr.t("data_no_drafts"))
    for ds in mine:
        with st.container(border=True):
            st.markdown(_title(ds, tr))
            st.caption(ds.report.get("summary", ""))
            row = st.container(horizontal=True)
            if who.may("publish"):
                row.button(
                    tr.t("data_publish"),
                    key=f"publish_{ds.id}",
                    on_click=_act,
                    args=(tr, lambda i=ds.id: _do(publish, ctx, i, "data_published")),
                )
            row.button(
                tr.t("data_withdraw"),
                key=f"withdraw_{ds.id}",
                on_click=_act,
                args=(tr, lambda i=ds.id: _do(withdraw, ctx, i, "data_withdrawn")),
            )


def _published(ctx: PageContext, shared: Shared | None) -> None:
    tr, who = ctx.tr, ctx.account
    st.subheader(tr.t("data_published_title"))
    st.caption(tr.t("data_precedence") if tr.lang == "zh" else PRECEDENCE)
    if shared is None or not shared.datasets:
        st.caption(tr.t("data_none_published"))
        return
    for ds in shared.datasets:
        with st.expander(_title(ds, tr)):
            st.caption(ds.report.get("summary", ""))
            issues = ds.report.get("issues", [])
            if issues:
                st.dataframe(
                    pd.DataFrame(issue_rows(issues, tr.lang))[["severity", "row", "column", "value", "message", "fix"]],
                    hide_index=True,
                    width="stretch",
                )
            if who.may("withdraw"):
                st.button(
                    tr.t("data_withdraw"),
                    key=f"withdraw_pub_{ds.id}",
                    on_click=_act,
                    args=(tr, lambda i=ds.id: _do(withdraw, ctx, i, "data_withdrawn")),
                )
    if len(shared.conflicts):
        st.warning(tr.t("data_conflicts", n=len(shared.conflicts)))
        st.dataframe(
            shared.conflicts[["adcode", "indicator", "year", "value", "source"]], hide_index=True, width="stretch"
        )


def _history(store: Store, tr: Translator) -> None:
    st.subheader(tr.t("data_history"))
    events = store.history()
    if not len(events):
        st.caption(tr.t("data_no_history"))
        return
    shown = events.iloc[::-1].rename(columns={c: tr.t(f"data_col_{c}") for c in events.columns})
    st.dataframe(shown, hide_index=True, width="stretch")
    st.download_button(
        tr.t("data_history_csv"),
        lambda: to_csv(events).encode("utf-8-sig"),
        file_name=f"ganpo_history_{datetime.now():%Y%m%d}.csv",
        mime="text/csv",
        on_click="ignore",
        key="history_csv",
    )


def _title(ds: DatasetRow, tr: Translator) -> str:
    return tr.t(
        "data_dataset_line",
        name=ds.name,
        version=ds.version,
        id=ds.id,
        state=tr.t(f"state_{ds.state}"),
        n=ds.values_count,
        by=ds.added_by,
        at=f"{ds.added_at:%Y-%m-%d %H:%M}",
    )


def _do(action, ctx: PageContext, dataset_id: int, key: str) -> tuple[str, dict]:
    action(ctx.store, dataset_id, ctx.account)
    return key, {"id": dataset_id, "name": f"#{dataset_id}"}


def _act(tr: Translator, run) -> None:
    """Run one change and keep its outcome for the next run; a refusal (rights, limits, state) is a message."""
    try:
        key, fmt = run()
        st.session_state[MESSAGE_KEY] = ("success", key, fmt)
    except (AtlasError, StoreUnavailable) as exc:
        st.session_state[MESSAGE_KEY] = ("error", "data_refused", {"error": str(exc)})


def _message(tr: Translator) -> None:
    held = st.session_state.pop(MESSAGE_KEY, None)
    if held:
        kind, key, fmt = held
        getattr(st, kind)(tr.t(key, **fmt))
