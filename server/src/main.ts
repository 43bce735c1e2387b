import path from 'node:path';
import { HallConfigError } from '../../shared/src/domain';
import { loadHallConfig } from './hall-config-file';
import { consoleLogger } from './log';
import { demoSmsGateway } from './notify/fake-sms-gateway';
import { startHallServer } from './server';

/** Entry point: reads the environment, starts the hall, stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const log = consoleLogger();
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${process.env.PORT}"`);
  const dataDir = path.resolve(process.env.HALLQ_DATA ?? './data');
  const hall = loadHallConfig(process.env.HALLQ_HALL || undefined);
  const demo = process.env.HALLQ_DEMO === '1';
  // The demo texts through a fake provider on loopback (logged, masked) unless one is set.
  const demoSms =
    demo && !process.env.HALLQ_SMS_URL && !process.env.HALLQ_SMS_CONFIG
      ? await demoSmsGateway(log)
      : undefined;
  const server = await startHallServer({
    hall,
    dataDir,
    port,
    host: process.env.HOST ?? '0.0.0.0',
    demo,
    log,
    piiKey: process.env.HALLQ_PII_KEY || undefined,
    allowedOrigins: (process.env.HALLQ_ALLOWED_ORIGINS ?? '').split(',').filter(Boolean),
    sms: demoSms,
  });
  log('info', `open http://localhost:${server.port}/ (board: /board, API: /api/hall)`);
  const stop = (signal: string) => {
    log('info', `${signal}: stopping`);
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof HallConfigError) process.stderr.write(`${error.message}\n`);
  else
    process.stderr.write(
      `hallq could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  process.exit(1);
});
