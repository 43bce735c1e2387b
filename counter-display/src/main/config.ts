import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { DisplayKind } from '../bridge';

/**
 * The counter-display app's configuration: one JSON file per machine (docs/displays.md).
 * The kind decides the page: the hall board, the screen above window N, the rating pad of
 * window N, or the clerk's caller console (with the USB keypad) at window N.
 */
const token = z.string().regex(/^\S{1,256}$/, 'a device token');

export const displayConfigSchema = z
  .object({
    /** The hall server, e.g. http://192.168.1.10:3000. */
    server: z.url({ protocol: /^https?$/ }),
    kind: z.enum(['board', 'window-screen', 'rating-pad', 'caller']),
    /** Window number, for every kind but the board. */
    window: z.number().int().min(1).max(999).optional(),
    /** The device token of this display (hall-board, window-screen or rating-pad). */
    token: token.optional(),
    /** Voice pack folder under counter-display/voice-pack (dev); "off" for silence. */
    voicePack: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/)
      .optional(),
    /** Which screen, when the machine has several (0 = primary). */
    screen: z.number().int().min(0).max(8).default(0),
    /** Full screen, no frame, no way out but the configured shortcut (default for all but caller). */
    kiosk: z.boolean().optional(),
    keypad: z
      .object({
        vendorId: z.number().int().min(0).max(0xffff),
        productId: z.number().int().min(0).max(0xffff),
        usagePage: z.number().int().min(0).max(0xffff).optional(),
        format: z
          .discriminatedUnion('kind', [
            z
              .object({
                kind: z.literal('boot-keyboard'),
                reportId: z.number().int().min(0).max(255).optional(),
              })
              .strict(),
            z
              .object({
                kind: z.literal('vendor'),
                keyByte: z.number().int().min(0).max(63),
                reportId: z.number().int().min(0).max(255).optional(),
              })
              .strict(),
          ])
          .default({ kind: 'boot-keyboard' }),
        /** HID usage (decimal) → action, replacing the default layout. */
        keymap: z
          .record(
            z.string().regex(/^\d{1,3}$/),
            z.enum([
              'next',
              'recall',
              'start',
              'finish',
              'no-show',
              'transfer',
              'pause-resume',
              'extended',
            ]),
          )
          .optional(),
        /** The caller device token of this window. */
        token,
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.kind !== 'board' && config.window === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['window'],
        message: `a ${config.kind} needs its window number`,
      });
    }
    if (config.keypad && config.window === undefined) {
      ctx.addIssue({ code: 'custom', path: ['keypad'], message: 'a keypad belongs to a window' });
    }
  });
export type DisplayConfig = z.output<typeof displayConfigSchema>;

export function parseDisplayConfig(raw: unknown): DisplayConfig {
  const result = displayConfigSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) => `${i.path.join('.') || '(file)'}: ${i.message}`,
    );
    throw new Error(`counter-display configuration: ${problems.join('; ')}`);
  }
  return result.data;
}

/**
 * Where the configuration is: `--config=<file>` on the command line, HALLQ_DISPLAY_CONFIG,
 * or counter-display.json in the app's user-data folder.
 */
export function configPath(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  userData: string,
): string {
  const flag = argv.find((a) => a.startsWith('--config='));
  if (flag) return path.resolve(flag.slice('--config='.length));
  if (env.HALLQ_DISPLAY_CONFIG) return path.resolve(env.HALLQ_DISPLAY_CONFIG);
  return path.join(userData, 'counter-display.json');
}

export function loadDisplayConfig(file: string): DisplayConfig {
  return parseDisplayConfig(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown);
}

/** The page this display shows (served by the hall server). */
export function pageUrl(config: DisplayConfig): string {
  const paths: Record<DisplayKind, string> = {
    board: '/board',
    'window-screen': `/window/${config.window}`,
    'rating-pad': `/rating/${config.window}`,
    caller: '/clerk',
  };
  const url = new URL(paths[config.kind], config.server);
  if (config.kind === 'caller' && config.window)
    url.searchParams.set('window', String(config.window));
  if (config.voicePack) url.searchParams.set('voice', config.voicePack);
  return url.toString();
}

/** Full-screen kiosk windows for the walls and the pad; an ordinary window for the clerk. */
export function isKiosk(config: DisplayConfig): boolean {
  return config.kiosk ?? config.kind !== 'caller';
}
