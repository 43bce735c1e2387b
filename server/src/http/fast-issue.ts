import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { readPrincipal } from './authenticate';

/** express.json's limit for every route but the configuration import (app.ts). */
const JSON_LIMIT = 32 * 1024;

/** The first character that is not JSON whitespace (space, tab, LF, CR), if any. */
function firstNonWhitespace(text: string): string | undefined {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return text[i];
  }
  return undefined;
}

/** An error shaped as body-parser's (status and type), for the same answer from errorHandler. */
function bodyError(message: string, type: string): Error {
  return Object.assign(new Error(message), { status: 400, statusCode: 400, expose: true, type });
}

/**
 * POST /api/tickets, the kiosk press, the one route a hall sends thousands of times a day,
 * handed straight to its handler instead of through the general chain: express.json (its
 * stream plumbing, charset decoder and async scope), the JSON-only check, the
 * authentication layer and the routers before the ticket routes were a large share of a
 * kiosk press's server time (CPU profiles of npm run bench:server).
 *
 * Only the plain form is taken: exactly POST /api/tickets, Content-Type application/json
 * (optionally charset=utf-8), a Content-Length of 1 to 32 kB, no Transfer-Encoding or
 * Content-Encoding. For that form this does what the chain does, in its order: read the
 * body, strip a byte-order mark, refuse a body that does not start with { or [ or is not
 * JSON (BAD_JSON), read the bearer token (UNAUTHENTICATED), then run the same handler
 * (routes/tickets.ts issueTicket). Anything else goes down the general chain untouched,
 * before a byte of its body is read. Mounted after the layer that holds answers until
 * COMMIT and sets the security headers; errors go to the same error handler (next(error)).
 */
export function fastTicketIssue(
  ctx: Parameters<typeof readPrincipal>[0],
  handler: (req: Request, res: Response) => void,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || req.url !== '/api/tickets') return next();
    const headers = req.headers;
    const type = headers['content-type'];
    if (type === undefined) return next();
    if (type !== 'application/json') {
      const lower = type.toLowerCase();
      if (lower !== 'application/json' && lower !== 'application/json; charset=utf-8')
        return next();
    }
    if (headers['transfer-encoding'] !== undefined) return next();
    const encoding = headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return next();
    const lengthHeader = headers['content-length'];
    if (lengthHeader === undefined || !/^\d{1,5}$/.test(lengthHeader)) return next();
    const length = Number(lengthHeader);
    if (length === 0 || length > JSON_LIMIT) return next();

    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('aborted', onAborted);
      req.off('error', onError);
      if (error) return next(error);
      let text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString(
        'utf8',
      );
      // body-parser decodes with iconv-lite, which drops a leading byte-order mark.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      // body-parser's strict mode: an object or an array, after optional JSON whitespace.
      const first = firstNonWhitespace(text);
      if (text.length > 0 && first !== '{' && first !== '[')
        return next(bodyError('strict violation', 'entity.parse.failed'));
      try {
        req.body = text.length === 0 ? {} : JSON.parse(text);
      } catch (parseError) {
        return next(bodyError((parseError as Error).message, 'entity.parse.failed'));
      }
      const refused = readPrincipal(ctx, req);
      if (refused) return next(refused);
      try {
        handler(req, res);
      } catch (handlerError) {
        next(handlerError);
      }
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (received !== length)
        finish(bodyError('request size did not match content length', 'request.size.invalid'));
      else finish(null);
    };
    const onAborted = () => finish(bodyError('request aborted', 'request.aborted'));
    const onError = (error: Error) => finish(Object.assign(error, { status: 400 }));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('aborted', onAborted);
    req.on('error', onError);
  };
}
