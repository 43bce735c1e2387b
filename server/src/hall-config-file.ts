import fs from 'node:fs';
import path from 'node:path';
import { parseHallConfig, type HallConfig } from '../../shared/src/domain';

/** The embedded reference hall (和硕, 55 windows): the default when HALLQ_HALL is not set. */
export const REFERENCE_HALL_FILE = path.join(
  __dirname,
  '..',
  '..',
  'shared',
  'halls',
  'hoxud.json',
);

export function loadHallConfig(file: string = REFERENCE_HALL_FILE): HallConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read hall configuration ${file}: ${(error as Error).message}`);
  }
  return parseHallConfig(raw);
}
