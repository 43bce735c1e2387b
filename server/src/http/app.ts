import express from 'express';
import helmet from 'helmet';
import { HallError } from '../../../shared/src/domain';
import { authenticate } from './authenticate';
import type { ServerContext } from './context';
import { errorHandler } from './errors';
import { pageRoutes } from './pages';
import { uiRoutes } from './ui';
import { UI_APPS } from './ui-apps';
import { authRoutes } from './routes/auth';
import { deviceRoutes } from './routes/devices';
import { hallRoutes } from './routes/hall';
import { ticketRoutes } from './routes/tickets';
import { windowRoutes } from './routes/windows';

export function createApp(ctx: ServerContext, version: string): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
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
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      if (res.statusCode >= 400 || process.env.HALLQ_LOG_REQUESTS === '1') {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        ctx.log(
          res.statusCode >= 500 ? 'error' : 'info',
          `${req.method} ${req.path} ${res.statusCode} ${ms.toFixed(1)}ms`,
        );
      }
    });
    next();
  });
  app.use('/api', authenticate(ctx));
  app.use(hallRoutes(ctx, version));
  app.use(authRoutes(ctx));
  app.use(ticketRoutes(ctx));
  app.use(windowRoutes(ctx));
  app.use(deviceRoutes(ctx));
  app.use('/api', (_req, _res, next) => next(new HallError('NOT_FOUND')));
  app.use(uiRoutes(UI_APPS));
  app.use(pageRoutes(UI_APPS.flatMap((ui) => ui.paths)));
  app.use(errorHandler(ctx.log));
  return app;
}
