import type { Accounts } from '../auth/accounts';
import type { LoginRateLimiter } from '../auth/rate-limit';
import type { HallService } from '../hall-service';
import type { Logger } from '../log';
import type { Db } from '../store/db';
import type { PersonKeys } from '../person-keys';
import type { Bookings } from '../bookings/bookings';
import type { Notifier } from '../notify/notifier';

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
  /** 预约办 (issue 8): bookings and kiosk check-in. */
  bookings?: Bookings;
  /** 无声叫号 (SMS) and 出件 (issue 8): notices and collection tickets. */
  notifier?: Notifier;
  /** Called when a device is revoked or a session ends: drop its live connections. */
  onRevoked: (who: { deviceId?: string; tokenHash?: string }) => void;
}
