import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION } from './migrations';

/**
 * Backups of the hall database, and restoring one. A backup is taken online, while the
 * server runs: SQLite's backup API copies one consistent state of the database (every
 * transaction committed before the copy finished, none half), page by page, without
 * stopping the server's writes for long. The copy is one self-contained file (journal
 * mode DELETE, no -wal beside it), checked, flushed to disk and renamed into place, so a
 * file with the backup's name is always a whole backup.
 *
 * The ID-number key (pii.key) is deliberately not in the backup: a stolen backup cannot be
 * matched against a list of ID numbers. Keep a copy of the key apart from the backups.
 */

export const DATABASE_FILE = 'hallq.sqlite';

export interface DatabaseSummary {
  file: string;
  bytes: number;
  epoch: string | null;
  /** The last event's sequence number. */
  seq: number;
  tickets: number;
  day: string | null;
  schemaVersion: number;
}

function fsyncPath(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads what a database holds, after checking it is whole and a hall database. */
export function inspectDatabase(file: string): DatabaseSummary {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${file} is damaged: ${String(integrity)}`);
    const schemaVersion = Number(db.pragma('user_version', { simple: true }));
    const tables = new Set(
      (
        db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as {
          name: string;
        }[]
      ).map((r) => r.name),
    );
    if (!tables.has('meta') || !tables.has('events') || !tables.has('tickets'))
      throw new Error(`${file} is not a hallq database`);
    const meta = (key: string) =>
      (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)
        ?.value ?? null;
    const seq = (
      db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events').get() as { seq: number }
    ).seq;
    const tickets = (db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
    return {
      file,
      bytes: fs.statSync(file).size,
      epoch: meta('epoch'),
      seq,
      tickets,
      day: meta('day'),
      schemaVersion,
    };
  } finally {
    db.close();
  }
}

/**
 * Copies the live database `source` to `out` (online: the server may keep running). Refuses
 * to overwrite an existing file. Resolves with what the backup holds.
 */
export async function backupDatabase(source: string, out: string): Promise<DatabaseSummary> {
  if (!fs.existsSync(source)) throw new Error(`no database at ${source}`);
  if (fs.existsSync(out)) throw new Error(`${out} exists already: choose a new name`);
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const partial = `${out}.partial`;
  fs.rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(partial);
  } finally {
    db.close();
  }
  try {
    // One self-contained file: the copy leaves WAL mode (the server turns it on again).
    const copy = new Database(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const summary = inspectDatabase(partial);
    fsyncPath(partial);
    fs.renameSync(partial, out);
    fsyncPath(path.dirname(path.resolve(out)));
    return { ...summary, file: out };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** Whether another process (a running server) has the database open. */
export function databaseInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new Database(file, { fileMustExist: true, timeout: 200 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('ROLLBACK');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw error;
  } finally {
    db.close();
  }
}

export interface RestoreSummary extends DatabaseSummary {
  /** The epoch the restored database had in the backup; it gets a new one. */
  previousEpoch: string | null;
  /** Where the database that was there before went, if there was one. */
  movedAside: string | null;
}

/**
 * Restores a backup into a data folder, with the server stopped. The restored database
 * gets a new epoch: clients that saw events after the backup was taken must start again
 * from a snapshot, not continue from sequence numbers that now mean other events. A
 * database already there is refused unless `force`, and is then moved aside (with its
 * -wal and -shm), never deleted.
 */
export function restoreDatabase(
  backup: string,
  dataDir: string,
  options: { force?: boolean; now?: () => number } = {},
): RestoreSummary {
  const now = options.now ?? Date.now;
  const source = inspectDatabase(backup);
  if (source.schemaVersion > SCHEMA_VERSION) {
    throw new Error(
      `${backup} has schema version ${source.schemaVersion}, newer than this server's ${SCHEMA_VERSION}`,
    );
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const target = path.join(dataDir, DATABASE_FILE);
  const present = fs.existsSync(target);
  if (present && !options.force) {
    throw new Error(`${target} exists: pass --force to move it aside and restore over it`);
  }
  if (present && databaseInUse(target)) {
    throw new Error(`${target} is in use: stop the hall server first`);
  }

  const restoring = `${target}.restoring`;
  fs.rmSync(restoring, { force: true });
  fs.copyFileSync(backup, restoring);
  const db = new Database(restoring, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    const setMeta = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    db.transaction(() => {
      setMeta.run('epoch', crypto.randomUUID());
      setMeta.run(
        'restored_from',
        JSON.stringify({ epoch: source.epoch, seq: source.seq, at: now() }),
      );
    })();
  } finally {
    db.close();
  }
  fsyncPath(restoring);

  let movedAside: string | null = null;
  if (present) {
    movedAside = `${target}.before-restore-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, movedAside + suffix);
    }
  }
  // A -wal left beside the restored file would be replayed into it: there must be none.
  for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
  fs.renameSync(restoring, target);
  fsyncPath(dataDir);
  return { ...inspectDatabase(target), previousEpoch: source.epoch, movedAside };
}
