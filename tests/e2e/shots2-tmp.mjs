import { launch, open, serve, waitRunEnd } from './harness.mjs';
const server = await serve();
const browser = await launch();
try {
  const page = await open(browser, server.url, 'job=hash&count=32&iterations=100000&mode=main');
  await page.setViewportSize({ width: 390, height: 900 });
  const box = await page.locator('[data-testid="click-counter"]').boundingBox();
  await page.click('[data-testid="run"]');
  await page.waitForTimeout(300);
  const x = box.x + 5, y = box.y + 5;
  const c = Promise.all([page.mouse.move(x, y), page.mouse.down(), page.mouse.up()]);
  await waitRunEnd(page, 1); await c;
  await page.locator('[data-testid="last-run"]').screenshot({ path: '/tmp/el-last.png' });
  await page.locator('.live').screenshot({ path: '/tmp/el-live.png' });
} finally { await browser.close(); await server.close(); }
