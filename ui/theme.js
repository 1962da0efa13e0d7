// Streamlit's (and Leaflet's) own fixed English words in the page's language, where they offer no setting: the
// skip link, the file uploader's button, size limit and input label, help buttons, table and chart toolbars,
// the sidebar's buttons, zoom buttons, placeholders; and the page's language on <html lang>. The words come
// from catalogs/strings.yaml (ui/theme.py PHRASES). Text nodes are changed in place (nodeValue), so React keeps
// the nodes it owns; an observer applies the words again whenever Streamlit draws more of the page.

const TEXT_PLACES = [
  '[data-testid="stSkipToContent"]',
  '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p',
  '[data-testid="InputInstructions"]',
  '[data-testid="stStatusWidget"] *',
].join(', ');
const ATTRIBUTES = ['aria-label', 'title', 'placeholder'];

function setText(el, w) {
  el.childNodes.forEach((node) => {
    if (node.nodeType !== 3) return;
    const text = w.phrases[node.nodeValue.trim()];
    if (text !== undefined && node.nodeValue !== text) node.nodeValue = text;
  });
}

function apply(w) {
  document.documentElement.lang = w.lang;
  document.documentElement.dataset.gpWords = w.lang;  // the words are applied (tests wait for it)
  document.querySelectorAll(TEXT_PLACES).forEach((el) => setText(el, w));
  // The size limit ("50MB per file"): its own text node before the list of file types.
  document.querySelectorAll('[data-testid="stFileUploaderDropzoneInstructions"] span').forEach((s) => {
    const node = [...s.childNodes].find((n) => n.nodeType === 3 && /MB per file/.test(n.nodeValue));
    if (node) node.nodeValue = w.limit;
  });
  document.querySelectorAll('[aria-label], [title], [placeholder]').forEach((el) => {
    ATTRIBUTES.forEach((name) => {
      const value = el.getAttribute(name);
      if (!value) return;
      let text = w.phrases[value];
      if (text === undefined && value.startsWith('Help for ')) text = w.help.replace('{label}', value.slice(9));
      if (text !== undefined && text !== value) el.setAttribute(name, text);
    });
  });
  document.querySelectorAll('.gp-map .leaflet-container').forEach((m) => {
    if (m.getAttribute('role') !== 'region') m.setAttribute('role', 'region');
    const label = w.map_alt || w.map;
    if (m.getAttribute('aria-label') !== label) m.setAttribute('aria-label', label);
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
