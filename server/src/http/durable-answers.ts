import type { Request, RequestHandler, Response } from 'express';
import type { HallService } from '../hall-service';
import type { Logger } from '../log';
import { apiError } from './errors';

/**
 * Group commit (HallService): a command is in memory before its transaction is on disk, so
 * every answer is held until the open group's COMMIT — a kiosk never gets a 201 for a ticket
 * a crash could still take back. If the group is rolled back instead, what the answer said
 * did not happen: it becomes a 503 (disk full, I/O error) or a 500.
 */
export function holdUntilDurable(
  hall: HallService,
  log: Logger,
  /** Called once the answer is handed to the connection, with the ms since it arrived. */
  answered?: (req: Request, res: Response, ms: number) => void,
): RequestHandler {
  return (req, res, next) => {
    const started = answered ? performance.now() : 0;
    const realEnd = res.end.bind(res) as (...args: unknown[]) => Response;
    const end = answered
      ? (...args: unknown[]) => {
          realEnd(...args);
          answered(req, res, performance.now() - started);
        }
      : realEnd;
    res.end = ((...args: unknown[]) => {
      const held = hall.whenDurable((error) => {
        if (!error) {
          end(...args);
          return;
        }
        log('error', `${req.method} ${req.path}: rolled back: ${String(error)}`);
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const code = String((error as { code?: string }).code);
        const busy = /SQLITE_BUSY|SQLITE_FULL|SQLITE_IOERR/.test(code);
        for (const name of ['Content-Length', 'ETag', 'Idempotent-Replayed'])
          res.removeHeader(name);
        res.statusCode = busy ? 503 : 500;
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        end(JSON.stringify(apiError(busy ? 'UNAVAILABLE' : 'INTERNAL')));
      });
      if (!held) end(...args);
      return res;
    }) as Response['end'];
    next();
  };
}
