import { launch, open, pickMode, serve, setField, waitReady, waitRunEnd } from './harness.mjs';
const server = await serve();
const browser = await launch();
try {
  for (const [width, scheme] of (process.env.SHOTS ?? '1000:dark,390:light').split(',').map((s) => s.split(':'))) {
    const page = await open(browser, server.url, 'job=hash&count=32&iterations=60000&mode=main&threads=1');
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: Number(width), height: 900 });
    let id = 0;
    for (const [mode, threads] of [['main', 1], ['worker', 1], ['pool', 1], ['pool', 2], ['message-pool', 2]]) {
      await pickMode(page, mode);
      if (mode.includes('pool')) { await setField(page, 'threads', String(threads)); }
      await waitReady(page, mode, mode.includes('pool') ? threads : undefined);
      const box = await page.locator('[data-testid="click-counter"]').boundingBox();
      await page.click('[data-testid="run"]');
      await page.waitForTimeout(200);
      const x = box.x + 5, y = box.y + 5;
      const c = Promise.all([page.mouse.move(x, y), page.mouse.down(), page.mouse.up()]);
      await waitRunEnd(page, ++id);
      await c;
    }
    await page.screenshot({ path: `/tmp/shot-${width}-${scheme}.png`, fullPage: true });
    await page.close();
  }
} finally { await browser.close(); await server.close(); }
