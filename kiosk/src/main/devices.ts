import { DeviceHost } from '../device-host/host';
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
    reader:
      config.reader.type === 'serial'
        ? serialSamReader(config.reader.path, { baudRate: config.reader.baudRate })
        : null,
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
