import { z } from 'zod';

/** Validates what a client sends over the socket: the sync request and handshake auth. */
export const syncRequestSchema = z
  .object({
    epoch: z.string().max(64).optional(),
    lastSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();

export const handshakeAuthSchema = z
  .object({
    token: z.string().max(256).optional(),
    epoch: z.string().max(64).optional(),
    lastSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strip();
