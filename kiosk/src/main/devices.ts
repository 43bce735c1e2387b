import { DeviceHost } from '../device-host/host';
import { hidSamReader } from '../hardware/id-reader/hid-node';
import type { SamCardReader } from '../hardware/id-reader/reader';
import { serialSamReader } from '../hardware/id-reader/serial-node';
import type { ByteLink } from '../hardware/link';
import { fileLink, serialLink, tcpLink } from '../hardware/node-links';
import { gb18030 } from '../hardware/printer/gb18030-node';
import { ReceiptPrinter } from '../hardware/printer/printer';
import { SLIP_58MM, SLIP_80MM } from '../hardware/printer/slip';
import { LinkScanner } from '../hardware/scanner/link-scanner';
import type { KioskConfig } from './config';

/** The printer's transport as configured: TCP 9100, serial, or the USB device file. */
export function printerConnect(config: KioskConfig): (() => Promise<ByteLink>) | null {
  const p = config.printer;
  switch (p.type) {
    case 'tcp':
      return () => tcpLink(p.host, p.port);
    case 'serial':
      return () => serialLink(p.path, p.baudRate);
    case 'usb':
      return () => fileLink(p.path);
    case 'none':
      return null;
  }
}

/** The ID card reader as configured: the SAM on a serial port, or a HID reader. */
export function readerOf(reader: KioskConfig['reader']): SamCardReader | null {
  switch (reader.type) {
    case 'serial':
      return serialSamReader(reader.path, { baudRate: reader.baudRate });
    case 'hid':
      return hidSamReader(
        { vendorId: reader.vendorId, productId: reader.productId, usagePage: reader.usagePage },
        { format: { reportId: reader.reportId, reportSize: reader.reportSize } },
      );
    case 'none':
      return null;
  }
}

/** The kiosk's devices from its configuration, behind one DeviceHost (what the IPC serves). */
export function createDeviceHost(
  config: KioskConfig,
  identity: { token: () => string | null; name: string; onTokenRejected: () => void },
  log: (line: string) => void,
): DeviceHost {
  const connect = printerConnect(config);
  return new DeviceHost({
    mode: 'electron',
    deviceName: identity.name,
    hallUrl: config.hallUrl.replace(/\/$/, ''),
    token: identity.token,
    onTokenRejected: identity.onTokenRejected,
    statusBaseUrl: config.statusBaseUrl ?? null,
    printer: connect ? new ReceiptPrinter({ connect }) : null,
    encodeText: gb18030,
    slipLayout: config.paper === '58mm' ? SLIP_58MM : SLIP_80MM,
    reader: readerOf(config.reader),
    scanner:
      config.scanner.type === 'serial'
        ? new LinkScanner(() =>
            serialLink(
              (config.scanner as { path: string }).path,
              (config.scanner as { baudRate: number }).baudRate,
            ),
          )
        : null,
    log,
  });
}
