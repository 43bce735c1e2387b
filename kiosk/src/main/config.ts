import fs from 'node:fs';
import { z } from 'zod';

/**
 * The kiosk machine's settings (a JSON file: HALLQ_KIOSK_CONFIG, or kiosk.json in
 * Electron's userData folder). Which hall server, where its printer, reader and scanner
 * are. Checked at start: a kiosk with a wrong setting says so instead of half working.
 */
const serialPath = z.string().min(1).max(200);

export const kioskConfigSchema = z
  .object({
    /** The hall server, e.g. http://192.168.1.10:3000. */
    hallUrl: z.url({ protocol: /^https?$/ }),
    /** Address citizens' phones reach the status page at (the slip's QR), if not hallUrl. */
    statusBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    printer: z
      .discriminatedUnion('type', [
        z.object({
          type: z.literal('tcp'),
          host: z.string().min(1),
          port: z.number().int().min(1).max(65535).default(9100),
        }),
        z.object({
          type: z.literal('serial'),
          path: serialPath,
          baudRate: z.number().int().positive().default(9600),
        }),
        /** USB printer class: the device file, /dev/usb/lp0. */
        z.object({ type: z.literal('usb'), path: serialPath.default('/dev/usb/lp0') }),
        z.object({ type: z.literal('none') }),
      ])
      .default({ type: 'usb', path: '/dev/usb/lp0' }),
    paper: z.enum(['80mm', '58mm']).default('80mm'),
    /** The ID card reader's SAM on a serial port (USB-serial: /dev/ttyUSB0). */
    reader: z
      .discriminatedUnion('type', [
        z.object({
          type: z.literal('serial'),
          path: serialPath,
          baudRate: z.number().int().positive().default(115200),
        }),
        /** A reader that enumerates as USB HID: GA 467 frames in HID reports (hid-link.ts). */
        z.object({
          type: z.literal('hid'),
          vendorId: z.number().int().min(0).max(0xffff),
          productId: z.number().int().min(0).max(0xffff),
          usagePage: z.number().int().min(0).max(0xffff).optional(),
          reportId: z.number().int().min(0).max(255).default(0),
          reportSize: z.number().int().min(2).max(1024).default(64),
        }),
        z.object({ type: z.literal('none') }),
      ])
      .default({ type: 'none' }),
    /** A keyboard-wedge scanner needs nothing here; a serial-mode one its port. */
    scanner: z
      .discriminatedUnion('type', [
        z.object({
          type: z.literal('serial'),
          path: serialPath,
          baudRate: z.number().int().positive().default(9600),
        }),
        z.object({ type: z.literal('keyboard') }),
      ])
      .default({ type: 'keyboard' }),
    /** Back to the start after this many seconds without a touch. */
    idleSeconds: z.number().int().min(10).max(600).default(60),
    /** false only on a developer's machine: allows devtools. */
    production: z.boolean().default(true),
  })
  .strict();

export type KioskConfig = z.output<typeof kioskConfigSchema>;

export function parseKioskConfig(raw: unknown): KioskConfig {
  const result = kioskConfigSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) => `${i.path.join('.') || '(file)'}: ${i.message}`,
    );
    throw new Error(`kiosk configuration is not valid:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

export function loadKioskConfig(file: string): KioskConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the kiosk configuration ${file}: ${(error as Error).message}`);
  }
  return parseKioskConfig(raw);
}

/** The page Electron shows: the hall server's /kiosk, with the kiosk's idle time. */
export function kioskPageUrl(config: KioskConfig): string {
  const url = new URL('/kiosk', config.hallUrl);
  url.searchParams.set('idle', String(config.idleSeconds));
  return url.toString();
}
