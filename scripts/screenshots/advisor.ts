import path from 'node:path';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../server/src/store/db';
import { loadHallConfig } from '../../server/src/hall-config-file';
import { startTestHall, tempDataDir } from '../../test/helpers/hall-server';
import { writeSimulatedDays } from '../sim/recorded-days';
import { loadWorkload } from '../sim/load';
import type { ScreenshotContext } from './index';

/**
 * The layout advisor page (布局优化, docs/supervision.md): the reference hall with 20 past
 * working days of the S1 workload in its database (simulated through the real core), a
 * short advisor run, and the comparison with today's layout.
 */
export async function capture(ctx: ScreenshotContext): Promise<string[]> {
  const { browser, outDir } = ctx;
  const dataDir = tempDataDir();
  const db = openDatabase(path.join(dataDir, 'hallq.sqlite'));
  const workload = loadWorkload(
    path.join(__dirname, '..', 'sim', 'scenarios', 's1-normal.workload.json'),
  );
  writeSimulatedDays(db, loadHallConfig(), workload, { days: 20, seed: 7, policy: 'fifo' });
  db.close();
  const hall = await startTestHall({ demo: true, dataDir });
  const written: string[] = [];
  const shot = async (page: Page, name: string, fullPage = false) => {
    const file = path.join(outDir, name);
    await page.screenshot({ path: file, fullPage });
    written.push(file);
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${hall.url}/advisor`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('demo');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('workload-table').waitFor();
    await shot(page, 'advisor-workload.png');
    await page.getByTestId('cross-k').fill('6');
    await page.getByTestId('convert-k').fill('6');
    await page.getByTestId('confirm-days').fill('10');
    await page.getByTestId('start').click();
    await page.getByTestId('progress').waitFor();
    await page.getByTestId('compare').waitFor({ timeout: 900_000 });
    await page.getByTestId('result').scrollIntoViewIfNeeded();
    await shot(page, 'advisor.png', true);
    await page.close();
  } finally {
    await hall.server.close();
  }
  return written;
}
