/**
 * Real-time status (DLE EOT n) of an ESC/POS printer: one byte per request. In every
 * answer bit 0 and bit 7 are 0 and bits 1 and 4 are 1 (0x12 when nothing is set), which
 * tells a status byte from stray data.
 *
 *   n = 1 printer:        bit 3 offline
 *   n = 2 offline cause:  bit 2 cover open, bit 3 paper fed by the button,
 *                         bit 5 printing stopped at paper end, bit 6 error
 *   n = 3 error cause:    bit 3 auto-cutter error, bit 5 unrecoverable, bit 6 auto-recoverable
 *   n = 4 paper sensor:   bits 2+3 paper near end, bits 5+6 paper end (out)
 */
export type PrinterState = 'ok' | 'paper-out' | 'cover-open' | 'offline' | 'error';

export interface PrinterStatus {
  state: PrinterState;
  /** The roll is nearly used up: still printing, but staff should change it soon. */
  paperNearEnd: boolean;
}

export function isStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

export interface StatusBytes {
  printer: number;
  offlineCause: number;
  paper: number;
  /** n = 3, read only when the offline cause says there is an error. */
  errorCause?: number;
}

export interface StatusFlags {
  offline: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  error: boolean;
  cutterError: boolean;
}

export function parseStatusBytes(bytes: StatusBytes): StatusFlags {
  for (const [name, value] of Object.entries(bytes)) {
    if (value !== undefined && !isStatusByte(value))
      throw new Error(`not a status byte (${name}): 0x${value.toString(16)}`);
  }
  const errorCause = bytes.errorCause ?? 0x12;
  return {
    offline: (bytes.printer & 0x08) !== 0,
    coverOpen: (bytes.offlineCause & 0x04) !== 0,
    paperOut: (bytes.offlineCause & 0x20) !== 0 || (bytes.paper & 0x60) === 0x60,
    paperNearEnd: (bytes.paper & 0x0c) === 0x0c,
    error: (bytes.offlineCause & 0x40) !== 0 || (errorCause & 0x68) !== 0,
    cutterError: (errorCause & 0x08) !== 0,
  };
}

/** One word for the kiosk and the hall server; the most actionable cause first. */
export function summarizeStatus(flags: StatusFlags): PrinterStatus {
  const state: PrinterState = flags.coverOpen
    ? 'cover-open'
    : flags.paperOut
      ? 'paper-out'
      : flags.error
        ? 'error'
        : flags.offline
          ? 'offline'
          : 'ok';
  return { state, paperNearEnd: flags.paperNearEnd && !flags.paperOut };
}

/** The bytes a printer in this condition answers (the simulated printer uses this). */
export function statusByteFor(
  n: number,
  condition: { coverOpen: boolean; paperOut: boolean; paperNearEnd: boolean; error?: boolean },
): number {
  const offline = condition.coverOpen || condition.paperOut || Boolean(condition.error);
  switch (n) {
    case 1:
      return 0x12 | (offline ? 0x08 : 0);
    case 2:
      return (
        0x12 |
        (condition.coverOpen ? 0x04 : 0) |
        (condition.paperOut ? 0x20 : 0) |
        (condition.error ? 0x40 : 0)
      );
    case 3:
      return 0x12 | (condition.error ? 0x40 : 0);
    case 4:
      return 0x12 | (condition.paperOut ? 0x60 | 0x0c : condition.paperNearEnd ? 0x0c : 0);
    default:
      return 0x12;
  }
}
