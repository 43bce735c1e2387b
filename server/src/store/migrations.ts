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
  // 2. Supervision (issue 6): the manager role, the hall configuration as edited by an
  // administrator, the audit log, follow-up cases, warnings and their settings.
  `
  -- users.role gains 'manager' (大厅管理者: reports, cases, warnings). SQLite cannot alter a
  -- CHECK constraint, so the table is rebuilt; sessions reference users, so the foreign
  -- keys are checked at commit, when every user is back.
  PRAGMA defer_foreign_keys = ON;
  CREATE TEMP TABLE users_before_v2 AS SELECT * FROM users;
  DROP TABLE users;
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'guide', 'clerk')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0
  );
  INSERT INTO users (id, username, display_name, role, password_hash, created_at, disabled)
    SELECT id, username, display_name, role, password_hash, created_at, disabled FROM users_before_v2;
  DROP TABLE users_before_v2;

  -- Each configuration an administrator saved; the newest is the hall's (over HALLQ_HALL).
  CREATE TABLE hall_config (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor_id TEXT,
    config TEXT NOT NULL
  );

  -- Who changed what, when, before and after: configuration, users, devices, settings,
  -- warning acknowledgements, case actions.
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT,
    actor_name TEXT,
    action TEXT NOT NULL,
    target TEXT,
    before TEXT,
    after TEXT
  );
  CREATE INDEX audit_log_at ON audit_log (at);

  -- 回访整改: a 不满意 / 非常不满意 rating or a 办不成事 report, tracked to closure.
  CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL CHECK (source IN ('rating', 'report')),
    -- 'rating:<ticketId>' or 'report:<id>': a rating opens one case, never two.
    source_key TEXT NOT NULL UNIQUE,
    ticket_id TEXT,
    ticket_number TEXT,
    service_id TEXT,
    window_id TEXT,
    clerk_id TEXT,
    level TEXT,
    reasons TEXT,
    -- Masked when stored: ID and phone numbers in it are starred.
    matter TEXT,
    citizen_name TEXT,
    contact_masked TEXT,
    -- AES-256-GCM with a key outside the database; revealed only by an audited request.
    contact_sealed TEXT,
    opened_at INTEGER NOT NULL,
    opened_by TEXT,
    deadline TEXT NOT NULL,
    owner_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'called-back', 'closed')),
    closed_at INTEGER,
    resolution TEXT
  );
  CREATE INDEX cases_status ON cases (status, deadline);

  CREATE TABLE case_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL REFERENCES cases (id),
    at INTEGER NOT NULL,
    author_id TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('opened', 'assigned', 'note', 'callback', 'closed')),
    text TEXT,
    data TEXT
  );
  CREATE INDEX case_entries_case ON case_entries (case_id, id);

  -- Each warning raised: when it cleared, who acknowledged it and when.
  CREATE TABLE warnings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    raised_at INTEGER NOT NULL,
    cleared_at INTEGER,
    acked_by TEXT,
    acked_at INTEGER,
    data TEXT NOT NULL
  );
  CREATE INDEX warnings_active ON warnings (cleared_at, key);

  CREATE TABLE supervision_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // 3. Kiosk device status (issue 4): each kiosk's latest report of its printer, ID card
  // reader and scanner (POST /api/devices/status), for the guide console.
  `
  CREATE TABLE device_status (
    device_id TEXT PRIMARY KEY REFERENCES devices (id),
    printer TEXT NOT NULL CHECK (printer IN ('ok', 'paper-out', 'cover-open', 'offline', 'error')),
    paper_near_end INTEGER NOT NULL DEFAULT 0,
    reader TEXT NOT NULL CHECK (reader IN ('ok', 'offline', 'absent')),
    scanner TEXT NOT NULL CHECK (scanner IN ('ok', 'offline', 'absent')),
    reported_at INTEGER NOT NULL,
    changed_at INTEGER NOT NULL
  );
  `,
  // Staff numbers (issue 5): a clerk's 工号, shown on the window screen; unique when set.
  `
  ALTER TABLE users ADD COLUMN staff_number TEXT;
  CREATE UNIQUE INDEX users_staff_number ON users (staff_number) WHERE staff_number IS NOT NULL;
  `,
  // 预约办 (issue 8): booked slots. No ID number and no phone number in clear: the
  // person's keyed hash (person-keys.ts) and the phone sealed by notify/phone-vault.ts.
  `
  CREATE TABLE bookings (
    code TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    day TEXT NOT NULL,
    slot TEXT NOT NULL,
    slot_start INTEGER NOT NULL,
    person_key TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    phone_sealed TEXT NOT NULL,
    phone_masked TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'checked-in', 'late', 'no-show')),
    ticket_id TEXT,
    created_at INTEGER NOT NULL,
    changed_at INTEGER NOT NULL
  );
  CREATE INDEX bookings_slot ON bookings (service_id, day, slot, status);
  CREATE INDEX bookings_person ON bookings (person_key, status);
  CREATE INDEX bookings_due ON bookings (status, slot_start);
  `,
  // 无声叫号 and 出件 (issue 8, docs/appointments.md): a phone left on the status page
  // (sealed, notify/phone-vault.ts), the SMS outbox (one row per ticket and notice: the key
  // makes a second send impossible), and finished cases marked ready for collection.
  `
  CREATE TABLE ticket_phones (
    ticket_id TEXT PRIMARY KEY,
    phone_sealed TEXT NOT NULL,
    phone_masked TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE sms_outbox (
    key TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    phone_sealed TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
  );
  CREATE INDEX sms_outbox_pending ON sms_outbox (status, created_at);
  CREATE INDEX sms_outbox_ticket ON sms_outbox (ticket_id, kind);
  CREATE TABLE collections (
    ticket_id TEXT PRIMARY KEY,
    ready_at INTEGER NOT NULL,
    ready_by TEXT,
    collection_ticket_id TEXT
  );
  -- the notifier looks up a checked-in booking's phone by its ticket
  CREATE INDEX bookings_ticket ON bookings (ticket_id) WHERE ticket_id IS NOT NULL;
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
