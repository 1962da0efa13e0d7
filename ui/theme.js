// Streamlit's own words in the page's language, where Streamlit offers no setting for them: the file uploader's
// button, size limit and input label, the skip link, help buttons' labels, the drop-down's "Open" and the text
// input's "Press Enter to apply"; and the page's language on <html lang>. The words come from catalogs/strings.yaml
// (ui/theme.py). Text nodes are changed in place (nodeValue), so React keeps the nodes it owns; an observer applies
// the words again whenever Streamlit draws more of the page.

function setText(el, text) {
  const node = el && [...el.childNodes].find((n) => n.nodeType === 3);
  if (node && node.nodeValue !== text) node.nodeValue = text;
}

function setAttr(el, name, text) {
  if (el.getAttribute(name) !== text) el.setAttribute(name, text);
}

function apply(w) {
  document.documentElement.lang = w.lang;
  document.querySelectorAll('[data-testid="stSkipToContent"]').forEach((a) => setText(a, w.skip));
  document.querySelectorAll('[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p')
    .forEach((p) => setText(p, w.upload));
  document.querySelectorAll('[data-testid="stFileUploaderDropzoneInstructions"] span')
    .forEach((s) => setText(s, w.limit));
  document.querySelectorAll('input[data-testid="stFileUploaderDropzoneInput"]').forEach((i) => setAttr(i, 'aria-label', w.file));
  document.querySelectorAll('button[aria-label^="Help for "]').forEach((b) => {
    const label = b.getAttribute('aria-label').slice('Help for '.length);
    setAttr(b, 'aria-label', w.help.replace('{label}', label));
  });
  document.querySelectorAll('button[aria-label="Open"]').forEach((b) => setAttr(b, 'aria-label', w.open));
  document.querySelectorAll('input[placeholder="Choose options"], input[placeholder="Choose an option"]')
    .forEach((i) => setAttr(i, 'placeholder', w.choose));
  document.querySelectorAll('[data-testid="InputInstructions"]').forEach((s) => setText(s, w.enter));
  document.querySelectorAll('.gp-map .leaflet-container').forEach((m) => {
    setAttr(m, 'role', 'region');
    setAttr(m, 'aria-label', w.map_alt || w.map);
  });
}

export default function (component) {
  window.__gpWords = component.data;
  apply(window.__gpWords);
  if (!window.__gpWordsObserver) {
    let queued = false;
    window.__gpWordsObserver = new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; apply(window.__gpWords); });
    });
    window.__gpWordsObserver.observe(document.body, { childList: true, subtree: true });
  }
}
