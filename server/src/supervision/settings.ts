import { DEFAULT_THRESHOLDS, type WarningThresholds } from '../../../shared/src/supervision';
import type { Db } from '../store/db';

/** Supervision settings kept in the database (warning thresholds, case deadline). */
export class SupervisionSettings {
  private cached: WarningThresholds | null = null;

  constructor(private readonly db: Db) {}

  thresholds(): WarningThresholds {
    if (!this.cached) {
      const row = this.db
        .prepare(`SELECT value FROM supervision_settings WHERE key = 'thresholds'`)
        .get() as { value: string } | undefined;
      const stored = row ? (JSON.parse(row.value) as Partial<WarningThresholds>) : {};
      this.cached = { ...DEFAULT_THRESHOLDS, ...stored };
    }
    return { ...this.cached };
  }

  /** Writes the thresholds (inside the caller's transaction, with its audit record). */
  setThresholds(next: WarningThresholds): void {
    this.db
      .prepare(
        `INSERT INTO supervision_settings (key, value) VALUES ('thresholds', ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      )
      .run(JSON.stringify(next));
    this.cached = { ...next };
  }
}
