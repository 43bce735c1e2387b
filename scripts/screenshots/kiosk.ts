import path from 'node:path';
import type { Page } from 'playwright-core';
import { EscPosDecoder, type PrintedSlip } from '../../kiosk/src/hardware/printer/decoder';
import { gb18030 } from '../../kiosk/src/hardware/printer/gb18030-node';
import { slipHtml } from '../../kiosk/src/hardware/printer/render-html';
import { encodeSlip } from '../../kiosk/src/hardware/printer/slip';
import { api } from '../../test/helpers/hall-server';
import type { Capture } from './index';

/**
 * The kiosk (/kiosk) at both screen sizes, on its simulated devices, against a demo hall
 * with a morning's queue: each screen of the flow, the ID card greeting, 长者模式, a
 * refusal, paper out, the pause; and a picture of a printed slip, decoded from the very
 * ESC/POS bytes the kiosk sent its printer. Embedded in docs/kiosk.md.
 */
const SIZES = [
  { name: 'landscape', viewport: { width: 1920, height: 1080 } },
  { name: 'portrait', viewport: { width: 1080, height: 1920 } },
] as const;

/** A queue as at 10 a.m.: the estimates then mean something. */
const BACKLOG: Record<string, number> = {
  tax: 14,
  'deed-tax': 3,
  'social-insurance': 9,
  'medical-insurance': 6,
  'real-estate': 11,
  housing: 2,
  police: 5,
  'market-supervision': 4,
  bank: 3,
  water: 2,
  gas: 1,
  'housing-fund': 2,
};

export const capture: Capture = async ({ hall, browser, outDir }) => {
  const written: string[] = [];
  const devices = (await api(hall.url, 'GET', '/api/demo/devices')).body.devices as {
    kind: string;
    token: string;
  }[];
  const kiosk = devices.find((d) => d.kind === 'kiosk')?.token;
  for (const [serviceId, count] of Object.entries(BACKLOG)) {
    for (let i = 0; i < count; i += 1)
      await api(hall.url, 'POST', '/api/tickets', {
        token: kiosk,
        body: { serviceId, channel: 'kiosk' },
      });
  }

  const shot = async (page: Page, file: string) => {
    const png = path.join(outDir, file);
    await page.waitForTimeout(150);
    await page.screenshot({ path: png });
    written.push(png);
  };
  const sim = (page: Page, method: string, ...args: unknown[]) =>
    page.evaluate(
      ([m, a]) =>
        (window.hallqKioskSim as unknown as Record<string, (...x: unknown[]) => void>)[
          m as string
        ]!(...(a as unknown[])),
      [method, args] as const,
    );

  let person = 0;
  for (const { name, viewport } of SIZES) {
    const page = await browser.newPage({ viewport });
    await page.goto(`${hall.url}/kiosk?panel=0&idle=600&slipIdle=600`);
    await page.locator('[data-screen="home"]').waitFor();
    await shot(page, `kiosk-${name}-1-home.png`);
    await page.click('[data-action="area:social"]');
    await shot(page, `kiosk-${name}-2-services.png`);
    await page.click('[data-action="service:social-insurance"]');
    await shot(page, `kiosk-${name}-3-materials.png`);
    await page.click('[data-action="confirm"]');
    await page.locator('[data-testid="print-state"][data-state="printed"]').waitFor();
    await shot(page, `kiosk-${name}-4-slip.png`);
    await page.click('[data-action="done"]');

    // An elderly citizen's ID card, then 长者模式.
    person += 1;
    const card = { name: '张建国', birthDate: `195${person}-03-08` };
    await sim(page, 'insertCard', card);
    await page.getByTestId('greeting').waitFor();
    await shot(page, `kiosk-${name}-5-id-card.png`);
    await page.click('[data-action="elderly"]');
    await shot(page, `kiosk-${name}-6-elderly.png`);
    await page.click('[data-action="area:tax"]');
    await page.click('[data-action="service:tax"]');
    await shot(page, `kiosk-${name}-7-elderly-materials.png`);
    await page.click('[data-action="confirm"]');
    await page.locator('[data-testid="print-state"][data-state="printed"]').waitFor();
    await shot(page, `kiosk-${name}-8-elderly-slip.png`);
    await page.click('[data-action="done"]');

    // The same card, the same service: refused, with the number held.
    await sim(page, 'removeCard');
    await sim(page, 'insertCard', card);
    await page.getByTestId('greeting').waitFor();
    await page.click('[data-action="area:tax"]');
    await page.click('[data-action="service:tax"]');
    await page.click('[data-action="confirm"]');
    await page.getByTestId('held-number').waitFor();
    await shot(page, `kiosk-${name}-9-refused.png`);
    await page.click('[data-action="home"]');

    // Paper out: the notice, and the ticket on screen only.
    await sim(page, 'setPaper', 'out');
    await page.getByTestId('printer-banner').waitFor();
    await page.click('[data-action="area:police"]');
    await page.click('[data-action="confirm"]');
    await page.locator('[data-testid="print-state"][data-state="paper-out"]').waitFor();
    await shot(page, `kiosk-${name}-10-paper-out.png`);
    await page.click('[data-action="done"]');
    await sim(page, 'setPaper', 'ok');
    await page.getByTestId('printer-banner').waitFor({ state: 'detached' });

    // The server cannot be reached: 暂停取号.
    await page.route('**/api/tickets', (route) => route.abort('connectionrefused'));
    await page.click('[data-action="area:utilities"]');
    await page.click('[data-action="service:water"]');
    await page.click('[data-action="confirm"]');
    await page.getByTestId('paused').waitFor({ timeout: 15_000 });
    await shot(page, `kiosk-${name}-11-paused.png`);
    await page.close();
  }

  // The printed slip, as a picture: the kiosk's bytes, decoded by the simulated printer.
  const issued = await api(hall.url, 'POST', '/api/tickets', {
    token: kiosk,
    body: { serviceId: 'real-estate', channel: 'kiosk' },
  });
  const decoder = new EscPosDecoder();
  decoder.feed(
    encodeSlip(
      {
        hallName: hall.hall.name,
        number: issued.body.number,
        serviceName: issued.body.serviceName,
        issuedAt: issued.body.issuedAt,
        timeZone: hall.hall.timeZone,
        ahead: issued.body.ahead,
        estimatedWaitMinutes: issued.body.estimatedWaitMinutes,
        windowNumbers: issued.body.windowNumbers,
        materials: issued.body.materials,
        statusUrl: `http://192.168.1.10:3000${issued.body.statusPath}`,
        priorityLabel: null,
      },
      gb18030,
    ),
  );
  const slip = decoder.slips[0] as PrintedSlip;
  const page = await browser.newPage({ viewport: { width: 700, height: 1200 } });
  await page.setContent(await slipHtml(slip));
  const png = path.join(outDir, 'kiosk-slip-printed.png');
  await page.getByTestId('slip').screenshot({ path: png });
  written.push(png);
  await page.close();
  return written;
};
