// Debian's Firefox ESR for the end-to-end tests, through puppeteer-core over WebDriver BiDi
// (playwright's Firefox is a patched build that cannot be fetched here; puppeteer-core
// never downloads a browser). Pages come back as engine-neutral docs (see drive.mjs).
import { access } from 'node:fs/promises';
import puppeteer from 'puppeteer-core';

export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

/** Headless Firefox ESR; fails with what to install when it is missing. */
export async function launchFirefox() {
  await access(FIREFOX).catch(() => {
    throw new Error(`Firefox ESR is missing at ${FIREFOX}: run \`cargo xtask test\` (it installs it as root) `
      + 'or `sudo apt-get install firefox-esr`, or set FIREFOX');
  });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocol: 'webDriverBiDi',
    // Keep it off the closed network: no updates, telemetry or safe-browsing lists.
    extraPrefsFirefox: {
      'app.update.enabled': false,
      'network.captive-portal-service.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
    },
  });
  return {
    version: await browser.version(),
    /** A new tab at `url`; its uncaught errors and console errors collect in `doc.errors`. */
    async open(url) {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
      await page.goto(url);
      return { ...docOf(page), errors, page };
    },
    close: () => browser.close(),
  };
}

/** A puppeteer page or frame as the engine-neutral doc drive.mjs works with. */
export function docOf(target) {
  return {
    evaluate: (fn, ...args) => target.evaluate(fn, ...args),
    click: (selector) => target.click(selector),
    close: () => target.close?.(),
  };
}

/** The frame of `page` whose address starts with `prefix`, as a doc, once it has loaded. */
export async function frameDoc(page, prefix, timeout = 60_000) {
  for (const deadline = Date.now() + timeout; Date.now() < deadline;) {
    const frame = page.frames().find((f) => f.url().startsWith(prefix) && !f.url().endsWith('.js'));
    if (frame && await frame.$('[data-testid="run"]').catch(() => null)) return docOf(frame);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no frame at ${prefix} showed the playground within ${timeout / 1000} s`);
}
