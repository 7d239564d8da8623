// WebKitGTK for the end-to-end tests, as Safari readers meet WebKit: Debian's
// WebKitWebDriver (plain W3C WebDriver over HTTP, spoken here with fetch) drives the
// MiniBrowser under a virtual display (xvfb-run: MiniBrowser has no headless mode).
// Pages come back as engine-neutral docs (see drive.mjs).
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { createServer } from 'node:net';

export const DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.WEBKIT_MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const XVFB_RUN = '/usr/bin/xvfb-run';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free loopback port for the driver (it takes no port 0). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    }).on('error', reject);
  });
}

/** Fails with what to install when a piece is missing (xtask installs them as root). */
async function checkInstalled() {
  for (const [path, pkg] of [[DRIVER, 'webkit2gtk-driver'], [MINIBROWSER, 'webkit2gtk-driver (libwebkit2gtk-4.1-0)'], [XVFB_RUN, 'xvfb']]) {
    await access(path).catch(() => {
      throw new Error(`WebKit's test set-up is missing ${path}: run \`cargo xtask test\` (it installs it as root) `
        + `or \`sudo apt-get install ${pkg}\``);
    });
  }
}

/**
 * MiniBrowser under WebKitWebDriver. `sharedArrayBuffer`: start WebKit with
 * `JSC_useSharedArrayBuffer=true`, without which this WebKitGTK has no SharedArrayBuffer
 * even on a cross-origin isolated page (Safari has it there).
 */
export async function launchWebKit({ sharedArrayBuffer }) {
  await checkInstalled();
  const port = await freePort();
  const env = { ...process.env };
  if (sharedArrayBuffer) env.JSC_useSharedArrayBuffer = 'true';
  else delete env.JSC_useSharedArrayBuffer;
  // Its own process group, so the end takes down xvfb-run, Xvfb, the driver and MiniBrowser.
  const driver = spawn(XVFB_RUN, ['-a', DRIVER, `--port=${port}`], { env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  driver.stderr.on('data', (chunk) => { said = (said + chunk).slice(-4000); });
  const exited = new Promise((resolve) => driver.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  const kill = async () => {
    try { process.kill(-driver.pid, 'SIGTERM'); } catch { /* already gone */ }
    await Promise.race([exited, sleep(5_000)]);
    try { process.kill(-driver.pid, 'SIGKILL'); } catch { /* already gone */ }
  };
  const call = async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body),
    });
    const { value } = await response.json();
    if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${value?.error}: ${value?.message}`);
    return value;
  };
  try {
    for (const deadline = Date.now() + 60_000; ; await sleep(200)) {
      if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode}):\n${said}`);
      if (await fetch(`${base}/status`).then((r) => r.ok, () => false)) break;
      if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer within 60 s:\n${said}`);
    }
    const { sessionId } = await call('POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } } },
    });
    const session = (method, path, body) => call(method, `/session/${sessionId}${path}`, body);
    // A run longer than the default 30 s script timeout must not fail a poll.
    await session('POST', '/timeouts', { script: 120_000, pageLoad: 120_000 });
    const version = (await call('GET', '/status').catch(() => ({})))?.build?.version ?? 'WebKitGTK';
    return { version, ...webkitDoc(session), close: async () => { await session('DELETE', '').catch(() => {}); await kill(); } };
  } catch (error) {
    await kill();
    throw error;
  }
}

/** The session's current page as a doc, with `goto(url)`. */
function webkitDoc(session) {
  const element = async (selector) => {
    const found = await session('POST', '/element', { using: 'css selector', value: selector });
    return Object.values(found)[0];
  };
  return {
    goto: (url) => session('POST', '/url', { url }),
    // Arguments travel as JSON; the function as its source.
    evaluate: (fn, ...args) => session('POST', '/execute/sync', {
      script: `return (${fn}).apply(null, arguments);`, args,
    }),
    // A WebDriver element click: scrolled into view and hit-tested like a user's.
    click: async (selector) => session('POST', `/element/${await element(selector)}/click`, {}),
    /** The window as a PNG, to look at when a test fails. */
    screenshot: async () => Buffer.from(await session('GET', '/screenshot'), 'base64'),
  };
}
