import { serialLink } from '../node-links';
import { SamCardReader, type SamReaderOptions } from './reader';
import { SimSamReader } from './sim-reader';

/** The SAM reader on a serial port (a USB-serial adapter: /dev/ttyUSB0), 115200 8N1. */
export function serialSamReader(
  path: string,
  options: Omit<SamReaderOptions, 'connect'> & { baudRate?: number } = {},
): SamCardReader {
  return new SamCardReader({ ...options, connect: () => serialLink(path, options.baudRate) });
}

/** The simulated SAM on a serial port (the far end of a socat pair). */
export async function attachSimReaderToSerial(
  path: string,
  sim = new SimSamReader(),
): Promise<{ sim: SimSamReader; close(): Promise<void> }> {
  const link = await serialLink(path, 115200);
  sim.attach(link);
  return { sim, close: () => link.close() };
}
