import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from './migrations';

export type Db = Database.Database;

/**
 * Opens the hall database with the settings durability depends on, and refuses to go on
 * if SQLite did not take them: a ticket acknowledged to a citizen must survive a crash.
 */
export function openDatabase(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  checkPragmas(db);
  migrate(db);
  return db;
}

export function checkPragmas(db: Db): void {
  const journal = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
  const synchronous = Number(db.pragma('synchronous', { simple: true }));
  const foreignKeys = Number(db.pragma('foreign_keys', { simple: true }));
  const problems: string[] = [];
  if (journal !== 'wal') problems.push(`journal_mode is ${journal}, not wal`);
  if (synchronous !== 2) problems.push(`synchronous is ${synchronous}, not 2 (FULL)`);
  if (foreignKeys !== 1) problems.push('foreign_keys is off');
  if (problems.length > 0) {
    db.close();
    throw new Error(`database refused: ${problems.join('; ')}`);
  }
}
