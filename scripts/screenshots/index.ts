import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../test/helpers/browser';
import { startTestHall, type TestHall } from '../../test/helpers/hall-server';

/**
 * `npm run screenshots`: every screen at its real size, against a real demo hall, into
 * docs/screenshots/. Each client adds a module beside this file exporting `capture`.
 */
export interface ScreenshotContext {
  hall: TestHall;
  browser: Browser;
  /** Where PNGs go (docs/screenshots). */
  outDir: string;
}

export type Capture = (ctx: ScreenshotContext) => Promise<string[]>;

async function main(): Promise<void> {
  const outDir = path.join(__dirname, '..', '..', 'docs', 'screenshots');
  fs.mkdirSync(outDir, { recursive: true });
  const only = process.argv.slice(2);
  const modules = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts'))
    .filter((f) => only.length === 0 || only.includes(path.basename(f, '.ts')));
  const browser = await launchBrowser();
  try {
    for (const file of modules) {
      // A fresh demo hall per module, so one client's actions do not show on another's screens.
      const hall = await startTestHall({ demo: true });
      try {
        const { capture } = (await import(path.join(__dirname, file))) as { capture: Capture };
        const written = await capture({ hall, browser, outDir });
        for (const png of written) process.stdout.write(`${path.relative(process.cwd(), png)}\n`);
      } finally {
        await hall.server.close();
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
