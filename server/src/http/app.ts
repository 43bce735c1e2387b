import express, { type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { HallError } from '../../../shared/src/domain';
import { authenticate } from './authenticate';
import type { ServerContext } from './context';
import { holdUntilDurable } from './durable-answers';
import { errorHandler } from './errors';
import { pageRoutes } from './pages';
import { uiRoutes } from './ui';
import { UI_APPS } from './ui-apps';
import { authRoutes } from './routes/auth';
import { deviceStatusRoutes } from './routes/device-status';
import { deviceRoutes } from './routes/devices';
import { hallRoutes } from './routes/hall';
import { issueTicket, ticketRoutes } from './routes/tickets';
import { fastTicketIssue } from './fast-issue';
import { windowRoutes } from './routes/windows';
import { bundleRoutes } from './routes/bundles';
import { bookingRoutes } from './routes/bookings';
import { notifyRoutes } from './routes/notify';
import type { Supervision } from '../supervision';
import { adminRoutes } from './routes/admin';
import { advisorRoutes } from './routes/advisor';
import { caseRoutes } from './routes/cases';
import { reportRoutes } from './routes/reports';
import { warningRoutes } from './routes/warnings';

/**
 * The same headers as `middleware` (helmet), set by one function: helmet runs a dozen
 * middlewares per request, each setting one fixed header, about 5% of a kiosk press's
 * server time. Its answer depends on nothing in the request here (every directive is a
 * constant), so it is recorded once, at start, on a stand-in response, and replayed.
 */
export function fixedHeaders(middleware: RequestHandler): RequestHandler {
  const set: [name: string, value: string | number | readonly string[]][] = [];
  const removed: string[] = [];
  let passed = false;
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, value]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  void middleware({} as Request, recorder as unknown as Response, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    passed = true;
  });
  if (!passed) throw new Error('the header middleware did not pass the request on');
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}

export function createApp(
  ctx: ServerContext,
  version: string,
  supervision?: Supervision,
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Every answer waits for the COMMIT of what it reports (durable-answers.ts), and is
  // logged when it is an error or HALLQ_LOG_REQUESTS=1.
  const holdAnswers = holdUntilDurable(ctx.hall, ctx.log, (req, res, ms) => {
    if (res.statusCode >= 400 || process.env.HALLQ_LOG_REQUESTS === '1') {
      ctx.log(
        res.statusCode >= 500 ? 'error' : 'info',
        `${req.method} ${req.path} ${res.statusCode} ${ms.toFixed(1)}ms`,
      );
    }
  });
  // The hall's network is plain HTTP (api.md 1.1): helmet's upgrade-insecure-requests would
  // send a page opened at http://192.168.x.x:3000 for its scripts over https, and it breaks.
  // The displays play each announcement as one joined WAV from a blob: URL.
  const securityHeaders = fixedHeaders(
    helmet({
      contentSecurityPolicy: {
        directives: { upgradeInsecureRequests: null, mediaSrc: ["'self'", 'blob:'] },
      },
    }),
  );
  // One layer for both: each layer costs every request a pass through the router.
  app.use((req, res, next) => holdAnswers(req, res, () => securityHeaders(req, res, next)));
  app.use(fastTicketIssue(ctx, issueTicket(ctx)));
  // A whole hall configuration (import in /admin) may be larger than any other body.
  app.use('/api/admin/config', express.json({ limit: '512kb', strict: true }));
  app.use(express.json({ limit: '32kb', strict: true }));
  app.use('/api', (req, _res, next) => {
    // express.json reads only JSON: a body of another type would be ignored, and a body-less
    // action (next, finish…) would go ahead as if it had been sent none.
    const hasBody =
      req.headers['transfer-encoding'] !== undefined ||
      Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.is('application/json')) {
      return next(
        new HallError('VALIDATION_FAILED', { reason: 'the body must be application/json' }),
      );
    }
    next();
  });
  app.use('/api', authenticate(ctx));
  app.use(hallRoutes(ctx, version));
  app.use(authRoutes(ctx));
  app.use(ticketRoutes(ctx));
  app.use(bundleRoutes(ctx)); // before windowRoutes: /api/windows/:id/steps is no :action
  app.use(windowRoutes(ctx));
  app.use(deviceStatusRoutes(ctx, supervision));
  app.use(deviceRoutes(ctx));
  if (supervision) {
    app.use(reportRoutes(ctx, supervision));
    app.use(caseRoutes(ctx, supervision));
    app.use(warningRoutes(ctx, supervision));
    app.use(adminRoutes(ctx, supervision));
    app.use(advisorRoutes(ctx, supervision));
  }
  if (ctx.bookings) app.use(bookingRoutes(ctx, ctx.bookings));
  if (ctx.notifier) app.use(notifyRoutes(ctx, ctx.notifier));
  app.use('/api', (_req, _res, next) => next(new HallError('NOT_FOUND')));
  app.use(uiRoutes(UI_APPS));
  app.use(pageRoutes(UI_APPS.flatMap((ui) => ui.paths)));
  app.use(errorHandler(ctx.log));
  return app;
}
