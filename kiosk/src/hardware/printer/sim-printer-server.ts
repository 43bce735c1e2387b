import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { serialLink, socketLink } from '../node-links';
import { SimPrinter } from './sim-printer';

export interface SimPrinterServer {
  printer: SimPrinter;
  host: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The simulated printer behind a real TCP port (9100 on a real network printer; any free
 * loopback port in tests): the kiosk's TCP transport talks to it byte for byte.
 */
export function startSimPrinterServer(
  options: { host?: string; port?: number; printer?: SimPrinter } = {},
): Promise<SimPrinterServer> {
  const printer = options.printer ?? new SimPrinter();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    printer.attach(socketLink(socket));
  });
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      resolve({
        printer,
        host,
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** The simulated printer on a serial port (the far end of a socat pseudo-terminal pair). */
export async function attachSimPrinterToSerial(
  path: string,
  printer = new SimPrinter(),
): Promise<{ printer: SimPrinter; close(): Promise<void> }> {
  const link = await serialLink(path, 115200);
  printer.attach(link);
  return { printer, close: () => link.close() };
}
