import type { Accounts } from '../auth/accounts';
import type { LoginRateLimiter } from '../auth/rate-limit';
import type { HallService } from '../hall-service';
import type { Logger } from '../log';
import type { Db } from '../store/db';
import type { PersonKeys } from '../person-keys';

/** What the HTTP routes and the socket layer share. */
export interface ServerContext {
  /** The hall database, for the edges that keep tables of their own (device status). */
  db: Db;
  hall: HallService;
  accounts: Accounts;
  personKeys: PersonKeys;
  loginLimiter: LoginRateLimiter;
  log: Logger;
  now: () => number;
  demo: {
    devices: { kind: string; name: string; windowId: string | null; token: string }[];
  } | null;
  /** Called when a device is revoked or a session ends: drop its live connections. */
  onRevoked: (who: { deviceId?: string; tokenHash?: string }) => void;
}
