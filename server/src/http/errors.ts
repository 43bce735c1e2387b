import type { ErrorRequestHandler, Request } from 'express';
import type { z } from 'zod';
import { HallError } from '../../../shared/src/domain';
import { apiError } from '../../../shared/src/protocol';
import { maskPiiInText } from '../../../shared/src/pii';
import type { Logger } from '../log';

export { apiError };

/** Parses a request part with a schema, or refuses with VALIDATION_FAILED listing each problem. */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    throw new HallError('VALIDATION_FAILED', {
      problems: result.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: maskPiiInText(issue.message),
      })),
    });
  }
  return result.data;
}

/**
 * Details often echo what the client sent (a serviceId, a windowId): an ID number sent in
 * the wrong field must not come back in the answer, so every string in them is masked.
 */
function maskDetails(details: unknown): unknown {
  if (typeof details === 'string') return maskPiiInText(details);
  if (Array.isArray(details)) return details.map(maskDetails);
  if (details && typeof details === 'object') {
    return Object.fromEntries(
      Object.entries(details).map(([key, value]) => [maskPiiInText(key), maskDetails(value)]),
    );
  }
  return details;
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Every failure becomes a JSON error with a code; nothing but a real bug is a 500. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req: Request, res, _next) => {
    if (error instanceof HallError) {
      res.status(error.status).json(apiError(error.code, maskDetails(error.details)));
      return;
    }
    const parserError = error as BodyParserError;
    if (parserError?.type === 'entity.parse.failed') {
      res.status(400).json(apiError('BAD_JSON'));
      return;
    }
    if (parserError?.type === 'entity.too.large') {
      res.status(413).json(apiError('PAYLOAD_TOO_LARGE'));
      return;
    }
    if (parserError?.status === 415) {
      res.status(415).json(apiError('UNSUPPORTED_MEDIA_TYPE', { reason: parserError.type }));
      return;
    }
    if (parserError?.status && parserError.status >= 400 && parserError.status < 500) {
      res
        .status(parserError.status)
        .json(apiError('VALIDATION_FAILED', { reason: parserError.type ?? 'bad request' }));
      return;
    }
    const busy =
      error instanceof Error &&
      /SQLITE_BUSY|SQLITE_FULL|SQLITE_IOERR/.test(String((error as { code?: string }).code));
    log(
      'error',
      `${req.method} ${req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    if (busy) {
      res.status(503).json(apiError('UNAVAILABLE'));
      return;
    }
    res.status(500).json(apiError('INTERNAL'));
  };
}
