// Runs in <head> (a classic script), right after the <template> that xtask's post_build
// hook (xtask/src/click_to_load.rs) filled with trunk's preload links and the page's module
// script: a template's content fetches nothing, so the preload scanner cannot start the
// wasm before this script decides.
//   - Normally it starts them at once: the preloads now, the module once the body exists
//     (a dynamically added module script runs when fetched, which could be before <body>).
//   - With `load=click` (a post embedding several demos) it shows a static preview instead:
//     the job, the mode and "Load the playground (N KB)", N the gzip size of what the click
//     fetches, which the hook measured and wrote into data-load-kb (and data-engine-kb for
//     the pool). Nothing of the playground is fetched until the click.
// Only known names and plain digits from the URL reach the page, as text; any other `load`
// value loads at once, and the page names it as an error (src/presentation.rs).
'use strict';
(() => {
  const script = document.currentScript;
  const template = document.getElementById('offload-start');
  if (!template) return; // a build without the hook (a plain `trunk serve` of an old dist)
  const params = new URLSearchParams(location.search);

  const start = () => {
    for (const link of template.content.querySelectorAll('link')) document.head.append(link.cloneNode());
    const module = template.content.querySelector('script[type="module"]');
    if (!module) return;
    // Under the policy's `require-trusted-types-for 'script'` a script's src takes only a
    // TrustedScriptURL. This policy, named in its `trusted-types` list, makes one for the
    // build's own loader: a file of this site, nothing else (where the browser has no
    // Trusted Types, the plain string).
    const loader = globalThis.trustedTypes?.createPolicy('offload-loader', {
      createScriptURL(url) {
        if (new URL(url, document.baseURI).origin !== location.origin) throw new TypeError('offload-loader: not a file of this site');
        return url;
      },
    });
    const src = module.getAttribute('src');
    // A new element, not a clone of the template's: that one is marked as already seen.
    const run = () => {
      const s = document.createElement('script');
      s.type = 'module';
      s.src = loader ? loader.createScriptURL(src) : src;
      document.head.append(s);
    };
    if (document.readyState === 'loading') addEventListener('DOMContentLoaded', run, { once: true });
    else run();
  };
  if (params.get('load') !== 'click') return start();

  const JOBS = { fib: ['n'], sort: ['len'], hash: ['count', 'iterations'] };
  const MODES = {
    main: 'on the main thread: the page freezes until it is done',
    async: 'in an async function on the main thread: it freezes the page like main',
    chunked: 'on the main thread in slices: the page stays live, the job takes longer',
    worker: 'in one Web Worker: the page stays live',
    spawn: 'in a new Web Worker for every run',
    'message-pool': 'on a pool of workers that share no memory',
    pool: 'on a rayon pool over SharedArrayBuffer',
    'js-main': 'in plain JavaScript on the main thread',
    'js-worker': 'in plain JavaScript in a Web Worker',
    webcrypto: "in WebCrypto's PBKDF2, one password at a time",
    'webcrypto-all': "in WebCrypto's PBKDF2, every password at once",
  };
  const job = Object.hasOwn(JOBS, params.get('job')) ? params.get('job') : 'fib';
  const mode = Object.hasOwn(MODES, params.get('mode')) ? params.get('mode') : 'worker';
  const digits = (name) => (/^\d{1,10}$/.test(params.get(name) ?? '') ? params.get(name) : null);
  const figures = JOBS[job].filter(digits).map((name) => `${name} = ${digits(name)}`);
  // The pool's engine comes too where the pool can start (else the page runs message-pool).
  const pool = mode === 'pool' && globalThis.crossOriginIsolated;
  const kb = Number(script.dataset.loadKb) + (pool ? Number(script.dataset.engineKb) : 0);

  const el = (tag, className, text) => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  };
  const show = () => {
    // The page's module removes #loading when it starts: the preview goes with it.
    document.getElementById('loading')?.remove();
    const preview = el('main', 'load-preview');
    preview.id = 'loading';
    preview.dataset.testid = 'load-preview';
    preview.append(el('h1', null, 'Offload playground'));
    const what = el('p', 'load-what', `${job}${figures.length ? ` (${figures.join(', ')})` : ''} in ${mode} mode: `);
    what.dataset.testid = 'load-what';
    what.append(MODES[mode], '.');
    preview.append(what);
    const button = el('button', 'run', `Load the playground (${kb} KB)`);
    button.type = 'button';
    button.dataset.testid = 'load-playground';
    button.addEventListener('click', () => {
      button.disabled = true;
      button.textContent = 'Loading the playground…';
      start();
    }, { once: true });
    preview.append(button);
    preview.append(el('p', 'small', `Nothing more is downloaded until you click (${kb} KB, gzip-compressed).`));
    document.body.prepend(preview);
  };
  if (document.readyState === 'loading') addEventListener('DOMContentLoaded', show, { once: true });
  else show();
})();
