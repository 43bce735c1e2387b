import type { Db } from './db';

/** Schema steps, applied in order once each; the index + 1 is the schema version. */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  -- The audit trail: every state change, in order, with no gaps in seq.
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'device', 'citizen', 'system')),
    actor_id TEXT,
    ticket_id TEXT,
    window_id TEXT,
    data TEXT NOT NULL,
    public TEXT NOT NULL
  );
  CREATE INDEX events_ticket ON events (ticket_id);
  CREATE INDEX events_window_at ON events (window_id, at);
  CREATE INDEX events_at ON events (at);

  -- Current state of every ticket (a projection of the events, written in the same transaction).
  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    number TEXT NOT NULL,
    service_id TEXT NOT NULL,
    status TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    request_id TEXT UNIQUE,
    person_key TEXT,
    data TEXT NOT NULL,
    UNIQUE (day, number)
  );
  CREATE INDEX tickets_day_status ON tickets (day, status);
  CREATE INDEX tickets_person ON tickets (person_key, day);

  CREATE TABLE windows (id TEXT PRIMARY KEY, data TEXT NOT NULL);

  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'guide', 'clerk')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    window_id TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  );

  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    window_id TEXT,
    code_hash TEXT UNIQUE,
    code_expires_at INTEGER,
    token_hash TEXT UNIQUE,
    created_at INTEGER NOT NULL,
    enrolled_at INTEGER,
    revoked_at INTEGER,
    last_seen_at INTEGER
  );
  `,
];

export function migrate(db: Db): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  for (let i = version; i < MIGRATIONS.length; i += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i] as string);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}

export const SCHEMA_VERSION = MIGRATIONS.length;
