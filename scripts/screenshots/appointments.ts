import path from 'node:path';
import { LANDSCAPE, kioskSim, openKiosk } from '../../test/helpers/kiosk-page';
import { api, testIdNumber } from '../../test/helpers/hall-server';
import type { Capture } from './index';

const PHONE = { width: 390, height: 844 };

/** 预约办 (issue 8): the phone booking page, its code, and check-in at the kiosk. */
export const capture: Capture = async ({ hall, browser, outDir }) => {
  const out: string[] = [];
  const shot = async (page: import('playwright-core').Page, name: string, fullPage = false) => {
    const file = path.join(outDir, name);
    await page.screenshot({ path: file, fullPage });
    out.push(file);
  };
  // Some places taken, one slot full.
  for (const serial of ['701', '702', '703', '704']) {
    await api(hall.url, 'POST', '/api/bookings', {
      body: {
        serviceId: 'deed-tax',
        day: '2026-11-24',
        slot: serial === '704' ? '10:00' : '09:30',
        idNumber: testIdNumber('1975-01-01', serial),
        phone: '13800000000',
      },
    });
  }
  const phone = await browser.newPage({ viewport: PHONE, isMobile: true, deviceScaleFactor: 2 });
  await phone.goto(`${hall.url}/book`);
  await phone.locator('section[data-screen="home"]').waitFor();
  await shot(phone, 'book-home.png');
  await phone.click('[data-action="new"]');
  await phone.click('[data-action="service:deed-tax"]');
  await phone.click('[data-action="day:2026-11-24"]');
  await phone.locator('[data-slot="09:30"].full').waitFor();
  await shot(phone, 'book-slots.png');
  await phone.click('[data-slot="09:00"]');
  await phone.getByTestId('id-input').fill(testIdNumber('1990-05-05', '555'));
  await phone.getByTestId('phone-input').fill('13912345678');
  await shot(phone, 'book-details.png');
  await phone.click('button[type="submit"]');
  await phone.locator('section[data-screen="booking"]').waitFor();
  await shot(phone, 'book-code.png', true);
  await phone.close();

  // Check-in at the kiosk: a booking for today, inside its window.
  const today = await api(hall.url, 'POST', '/api/bookings', {
    body: {
      serviceId: 'deed-tax',
      day: '2026-11-23',
      slot: '10:30',
      idNumber: testIdNumber('1980-08-08', '808'),
      phone: '13600001111',
    },
  });
  const kiosk = await openKiosk(browser, hall.url, LANDSCAPE);
  await kiosk.click('[data-action="appointment"]');
  await kiosk.getByTestId('appointment').waitFor();
  await shot(kiosk, 'kiosk-check-in.png');
  await kioskSim(kiosk, 'scan', today.body.qrText);
  await kiosk.getByTestId('check-in-note').waitFor();
  await shot(kiosk, 'kiosk-checked-in.png');
  await kiosk.close();

  // 出件: the deed-tax clerk serves the next citizen and marks the result ready; the
  // citizen scans the slip's QR code on the kiosk's 取件 screen and gets a collection number.
  const login = await api(hall.url, 'POST', '/api/auth/login', {
    body: { username: 'clerk33', password: 'demo', windowId: 'w33' },
  });
  const clerk = login.body.token as string;
  const called = await api(hall.url, 'POST', '/api/windows/w33/next', { token: clerk });
  const served = called.body.ticket as { id: string } | undefined;
  if (!served) throw new Error(`nobody to call at w33: ${called.status}`);
  await api(hall.url, 'POST', '/api/windows/w33/finish', { token: clerk });
  const ready = await api(hall.url, 'POST', `/api/tickets/${served.id}/ready`, {
    token: clerk,
    body: {},
  });
  if (ready.status !== 200) throw new Error(`ready: ${ready.status}`);
  await kiosk.close();
  const collect = await openKiosk(browser, hall.url, LANDSCAPE);
  await collect.getByTestId('collect-entry').click();
  await collect.locator('[data-screen="collect"]').waitFor();
  await shot(collect, 'kiosk-collect.png');
  await kioskSim(collect, 'scan', `${hall.url}/t/${served.id}`);
  await collect.locator('[data-screen="slip"]').waitFor();
  await collect.locator('[data-testid="print-state"][data-state="printed"]').waitFor();
  await shot(collect, 'kiosk-collected.png');
  await collect.close();

  // The guide console's 预约 tab: today's bookings per service and slot.
  const guide = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await guide.goto(`${hall.url}/guide`);
  await guide.getByLabel('用户名').fill('guide');
  await guide.getByLabel('密码').fill('demo');
  await guide.getByRole('button', { name: '登录' }).click();
  await guide.getByTestId('tab-bookings').click();
  await guide.getByTestId('bookings-panel').waitFor();
  await shot(guide, 'guide-bookings.png');
  await guide.close();
  return out;
};
