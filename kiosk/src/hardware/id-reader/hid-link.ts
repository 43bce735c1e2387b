import { BaseLink } from '../link';

/**
 * GA 467 over USB HID. Many desktop ID card readers enumerate as a HID device (no driver
 * to install) and carry the same SAM frames as the serial ones, cut into fixed-size reports:
 *
 *   [report ID] | n | n bytes of the frame stream | padding up to the report size
 *
 * This module turns such reports back into the byte stream the SAM driver reads (frames are
 * then found by `frameLength`, exactly as on a serial line: split over reports, several in
 * one report, noise before a preamble), and cuts commands into output reports. Pure: no
 * node-hid here (hid-node.ts opens the device), so it is tested on report sequences.
 */
export interface HidReportFormat {
  /** The report ID of the reader's input and output reports; 0 when it numbers none. */
  reportId: number;
  /** Bytes in a report after the report ID (the descriptor's report count, often 64). */
  reportSize: number;
}

/** The common layout: report ID 0 (unnumbered), 64-byte reports. */
export const DEFAULT_HID_FORMAT: HidReportFormat = { reportId: 0, reportSize: 64 };

export function checkHidFormat(format: HidReportFormat): void {
  if (!Number.isInteger(format.reportId) || format.reportId < 0 || format.reportId > 255)
    throw new Error(`HID report ID ${format.reportId} is not 0–255`);
  if (!Number.isInteger(format.reportSize) || format.reportSize < 2 || format.reportSize > 1024)
    throw new Error(`HID report size ${format.reportSize} is not 2–1024`);
}

/**
 * The frame bytes an input report carries, or null for a report that is not the reader's
 * (another report ID, a length byte beyond the report: dropped as noise). node-hid hands
 * numbered reports with their ID first and unnumbered ones without, on every platform but
 * Windows, which puts a 0 first; both are accepted.
 */
export function hidInputPayload(report: Uint8Array, format: HidReportFormat): Uint8Array | null {
  let body = report;
  if (format.reportId !== 0) {
    if (report[0] !== format.reportId) return null;
    body = report.subarray(1);
  } else if (report.length === format.reportSize + 1 && report[0] === 0) {
    body = report.subarray(1); // Windows: a leading 0 for "no report ID"
  }
  if (body.length < 1) return null;
  const length = body[0] as number;
  if (length > format.reportSize - 1 || length > body.length - 1) return null;
  return body.slice(1, 1 + length);
}

/**
 * Output reports carrying `bytes`, each as node-hid's write wants it: the report ID first
 * (0 for an unnumbered report), the length byte, the chunk, zero padding.
 */
export function hidOutputReports(bytes: Uint8Array, format: HidReportFormat): Uint8Array[] {
  checkHidFormat(format);
  const chunk = format.reportSize - 1;
  const reports: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += chunk) {
    const part = bytes.subarray(at, at + chunk);
    const report = new Uint8Array(1 + format.reportSize);
    report[0] = format.reportId;
    report[1] = part.length;
    report.set(part, 2);
    reports.push(report);
  }
  return reports;
}

/** Input reports as a reader sends them (for simulated readers and recorded fixtures). */
export function hidInputReports(bytes: Uint8Array, format: HidReportFormat): Uint8Array[] {
  return hidOutputReports(bytes, format).map((r) => (format.reportId === 0 ? r.subarray(1) : r));
}

/** What the link needs of an open HID device: node-hid's `HID` fits; tests pass a twin. */
export interface HidDevice {
  on(event: 'data', listener: (data: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** One output report, report ID first; returns the bytes written. */
  write(values: number[]): number;
  close(): void;
}

/**
 * A HID reader as a byte link: what the SAM driver (SamCardReader) reads and writes on a
 * serial port it gets here through reports. A read error (the reader pulled out) closes
 * the link, so the driver drops the read in progress and reports offline.
 */
export class HidReportLink extends BaseLink {
  constructor(
    private readonly device: HidDevice,
    private readonly format: HidReportFormat = DEFAULT_HID_FORMAT,
  ) {
    super();
    checkHidFormat(format);
    device.on('data', (report) => {
      const payload = hidInputPayload(new Uint8Array(report), this.format);
      if (payload && payload.length > 0) this.received(payload);
    });
    device.on('error', (error) => {
      this.release();
      this.closed(error.message || 'HID device error');
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.isOpen) throw new Error('link closed');
    for (const report of hidOutputReports(bytes, this.format)) {
      let written: number;
      try {
        written = this.device.write([...report]);
      } catch (error) {
        this.release();
        this.closed(error instanceof Error ? error.message : String(error));
        throw error;
      }
      if (written < 0) {
        this.release();
        this.closed('HID write failed');
        throw new Error('HID write failed');
      }
    }
  }

  async close(): Promise<void> {
    this.release();
    this.closed('closed');
  }

  private released = false;
  private release(): void {
    if (this.released) return;
    this.released = true;
    try {
      this.device.close();
    } catch {
      // already gone
    }
  }
}
