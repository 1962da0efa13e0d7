// The map in the page itself (a Streamlit v2 component: no iframe, no second React app, no extra bundle).
// Python sends the scripts of layers/script.py: the base (map, outlines) runs when it changes; otherwise only
// the previous overlay (indicator layer, legend, symbols, layer control) is removed and the new one runs,
// so pan and zoom survive every switch. Leaflet comes from the app's own static folder (see layers/assets.py).

const loading = (window.__gpAssets = window.__gpAssets || {});

function load(kind, url) {
  // Each asset once per page, whatever the number of maps and reruns.
  if (!loading[url]) {
    loading[url] = new Promise((resolve, reject) => {
      const el = document.createElement(kind === 'js' ? 'script' : 'link');
      if (kind === 'js') {
        el.src = url;
        el.async = false; // scripts run in the order given (a plugin after Leaflet)
      } else {
        el.rel = 'stylesheet';
        el.href = url;
      }
      el.onload = resolve;
      el.onerror = () => {
        delete loading[url];
        reject(new Error(url + ' did not load'));
      };
      document.head.appendChild(el);
    });
  }
  return loading[url];
}

function prefetch(url) {
  // The geometry files the scripts will fetch: asked for now, while Leaflet loads, and answered from the
  // preload when the script's own fetch (CORS mode, same-origin credentials, as here) asks for them.
  if (!loading[url]) {
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    link.href = url;
    document.head.appendChild(link);
    loading[url] = true;
  }
}

// Global code on purpose: the base and overlay scripts share globals with stable names (map_<key>b0 ...).
const runGlobal = (0, eval);

function draw(host, state, data, setStateValue) {
  if (state.baseKey !== data.base_key) {
    if (state.map) {
      state.view = { center: state.map.getCenter(), zoom: state.map.getZoom() };
      state.map.remove();
    }
    const div = document.createElement('div');
    div.id = data.map_name;
    div.className = 'gp-map-canvas';
    host.replaceChildren(div);
    runGlobal(data.base);
    state.map = window[data.map_name];
    const container = state.map.getContainer();
    // Leaflet focuses the map on mousedown and then restores the *window's* scroll; Streamlit scrolls an inner
    // element, so a map partly below the fold jumped up and the click landed elsewhere. Focused first here,
    // without scrolling, Leaflet's own handler has nothing left to do.
    container.addEventListener('mousedown', () => {
      if (document.activeElement !== container) {
        container.focus({ preventScroll: true });
      }
    }, true);
    if (state.view) {
      // A new base (another level, a highlight) keeps the place the user was looking at.
      state.map.setView(state.view.center, state.view.zoom, { animate: false });
    }
    state.baseKey = data.base_key;
    state.overlayKey = null;
    state.parts = [];
  }
  if (state.overlayKey !== data.overlay_key) {
    state.parts.forEach((part) => part && part.remove());
    runGlobal(data.overlay);
    state.parts = data.overlay_names.map((name) => window[name]);
    if (data.clicks) {
      state.parts.forEach((part) => part && part.on && part.on('click', (e) => {
        const props = e.layer && e.layer.feature && e.layer.feature.properties;
        if (props && props.adcode) {
          setStateValue('clicked', String(props.adcode));
        }
      }));
    }
    state.overlayKey = data.overlay_key;
  }
}

function reportDrawn(state, setStateValue) {
  // The page holds its downloads and the sidebar's controls back until the map has been drawn (ui/page.py):
  // they are the page's heaviest draws, and sent with the map they held its first draw back. Reported once,
  // when the indicator layer's counties are in the map (`window.__gpInteractive`: the promise the indicator
  // layer's script sets, which the status symbols wait for too) and the browser has painted them; reported as
  // well if the map failed, so that the page never waits for a map that will not come. The report's rerun brings
  // the rest of the page.
  if (state.reported) {
    return;
  }
  state.reported = true;
  const send = () => setStateValue('drawn', true);
  Promise.resolve(window.__gpInteractive)
    .catch(() => {})
    .then(() => {
      if (document.hidden) {
        send(); // a tab in the background paints nothing (no animation frames): nothing to wait for
      } else {
        requestAnimationFrame(() => setTimeout(send, 0)); // after the frame that paints the counties
      }
    });
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  const host = parentElement.querySelector('.gp-map');
  host.style.height = data.height + 'px';
  const state = host.__gp || (host.__gp = { parts: [] });
  state.latest = data; // a newer rerun supersedes one still waiting for its assets
  const js = data.assets.filter(([kind]) => kind === 'js').map(([, url]) => url);
  const css = data.assets.filter(([kind]) => kind === 'css').map(([, url]) => url);
  // Leaflet asked for first, then the data files: the server answers requests in turn, and Leaflet's script can
  // run while the geometry is still on its way (the overlay's file first, see layers/script.py).
  const assets = Promise.all([...css.map((url) => load('css', url)), ...js.map((url) => load('js', url))]);
  data.prefetch.forEach(prefetch);
  assets
    .then(() => {
      if (state.latest === data) {
        draw(host, state, data, setStateValue);
        if (data.report_drawn) {
          reportDrawn(state, setStateValue);
        }
      }
    })
    .catch((err) => {
      host.textContent = data.failed + ' ' + err.message;
      console.error('map', err);
      if (data.report_drawn) {
        reportDrawn(state, setStateValue);
      }
    });
}
