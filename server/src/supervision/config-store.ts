import { parseHallConfig, type HallConfig, HallConfigError } from '../../../shared/src/domain';
import type { Logger } from '../log';
import type { Db } from '../store/db';

/**
 * The hall configuration an administrator saved in /admin (or imported). Once there is
 * one, it is the hall's, on every start, over the file HALLQ_HALL names: the file is the
 * starting point, the database the record of later changes.
 */
export function storedHallConfig(db: Db): { config: unknown; at: number } | null {
  const row = db.prepare('SELECT config, at FROM hall_config ORDER BY id DESC LIMIT 1').get() as
    { config: string; at: number } | undefined;
  return row ? { config: JSON.parse(row.config), at: row.at } : null;
}

export function saveHallConfig(
  db: Db,
  config: HallConfig,
  at: number,
  actorId: string | null,
): void {
  db.prepare('INSERT INTO hall_config (at, actor_id, config) VALUES (?, ?, ?)').run(
    at,
    actorId,
    JSON.stringify(config),
  );
}

/** The configuration to start with: the saved one if it is still valid, else the file's. */
export function activeHallConfig(
  db: Db,
  fromFile: HallConfig,
  log: Logger,
): {
  config: HallConfig;
  source: 'file' | 'database';
} {
  const stored = storedHallConfig(db);
  if (!stored) return { config: fromFile, source: 'file' };
  try {
    const config = parseHallConfig(stored.config);
    log(
      'info',
      `hall configuration: the one saved in /admin on ${new Date(stored.at).toISOString()}`,
    );
    return { config, source: 'database' };
  } catch (error) {
    const problems = error instanceof HallConfigError ? error.problems.join('; ') : String(error);
    log('error', `the saved hall configuration is not valid (${problems}): using the file's`);
    return { config: fromFile, source: 'file' };
  }
}
