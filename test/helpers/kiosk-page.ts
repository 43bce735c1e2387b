import type { Browser, Page } from 'playwright-core';

export const LANDSCAPE = { width: 1920, height: 1080 };
export const PORTRAIT = { width: 1080, height: 1920 };

/** Opens /kiosk (simulated-device panel hidden), collecting page errors on `page.errors`. */
export async function openKiosk(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  query = '',
): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  (page as Page & { errors?: string[] }).errors = errors;
  await page.goto(`${url}/kiosk?panel=0${query}`);
  await page.locator('[data-screen="home"]').waitFor();
  return page;
}

/** Acts on the page's simulated devices (window.hallqKioskSim). */
export function kioskSim(page: Page, method: string, ...args: unknown[]): Promise<void> {
  return page.evaluate(
    ([m, a]) =>
      (window.hallqKioskSim as unknown as Record<string, (...x: unknown[]) => void>)[m as string]!(
        ...(a as unknown[]),
      ),
    [method, args] as const,
  );
}

/** What the page's simulated printer has printed. */
export function printedSlips(page: Page) {
  return page.evaluate(() => window.hallqKioskSim?.printed() ?? []);
}
