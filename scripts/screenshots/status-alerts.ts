import path from 'node:path';
import type { Page } from 'playwright-core';
import { api } from '../../test/helpers/hall-server';
import type { Capture } from './index';

const PHONE = { width: 390, height: 844 };

/** 无声叫号 (issue 8): the status page's alert at 3 ahead, and when called. */
export const capture: Capture = async ({ hall, browser, outDir }) => {
  const out: string[] = [];
  const shot = async (page: Page, name: string) => {
    const file = path.join(outDir, name);
    await page.screenshot({ path: file });
    out.push(file);
  };
  const kiosk = hall.server.ctx.demo?.devices.find((d) => d.kind === 'kiosk')?.token;
  const login = await api(hall.url, 'POST', '/api/auth/login', {
    body: { username: 'clerk09', password: 'demo', windowId: 'w09' },
  });
  const clerk = login.body.token as string;
  const issue = async () =>
    (
      await api(hall.url, 'POST', '/api/tickets', {
        token: kiosk,
        body: { serviceId: 'social-insurance', channel: 'kiosk' },
      })
    ).body;
  for (let i = 0; i < 3; i += 1) await issue();
  const mine = await issue();
  const page = await browser.newPage({ viewport: PHONE, isMobile: true, deviceScaleFactor: 2 });
  await page.goto(`${hall.url}${mine.statusPath}`);
  await page.getByRole('button', { name: /开启提醒/ }).click();
  await page.getByTestId('alert-near').waitFor();
  await shot(page, 'status-alert-near.png');
  for (let i = 0; i < 4; i += 1) {
    await api(hall.url, 'POST', '/api/windows/w09/finish', { token: clerk });
    await api(hall.url, 'POST', '/api/windows/w09/next', { token: clerk });
  }
  await page.getByTestId('alert-called').waitFor();
  await page.waitForTimeout(6500); // after the banner's six flashes
  await shot(page, 'status-alert-called.png');
  await page.close();
  return out;
};
