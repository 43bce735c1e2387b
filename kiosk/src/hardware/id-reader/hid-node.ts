import {
  DEFAULT_HID_FORMAT,
  HidReportLink,
  type HidDevice,
  type HidReportFormat,
} from './hid-link';
import { SamCardReader, type SamReaderOptions } from './reader';

export interface HidReaderMatch {
  vendorId: number;
  productId: number;
  /** The HID usage page to pick when the reader exposes several interfaces. */
  usagePage?: number;
}

/**
 * A GA 467 reader that enumerates as USB HID, through node-hid (loaded only when such a
 * reader is configured). The device is looked up on every (re)connect, so a reader pulled
 * out and plugged back in (a new hidraw path) is found again.
 */
export function hidSamReader(
  match: HidReaderMatch,
  options: Omit<SamReaderOptions, 'connect'> & { format?: HidReportFormat } = {},
): SamCardReader {
  const format = options.format ?? DEFAULT_HID_FORMAT;
  return new SamCardReader({
    ...options,
    connect: async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const HID = require('node-hid') as typeof import('node-hid');
      const info = HID.devices(match.vendorId, match.productId).find(
        (d) => match.usagePage === undefined || d.usagePage === match.usagePage,
      );
      if (!info?.path)
        throw new Error(
          `no HID ID card reader ${match.vendorId.toString(16)}:${match.productId.toString(16)}`,
        );
      return new HidReportLink(new HID.HID(info.path) as unknown as HidDevice, format);
    },
  });
}
