import fs from 'node:fs';
import net from 'node:net';
import { SerialPort } from 'serialport';
import { BaseLink, type ByteLink } from './link';

/**
 * The real transports (Node and Electron main only): TCP (a network printer on port 9100),
 * a serial port (printers, the ID card reader's SAM module, serial scanners), and a device
 * file (a USB printer-class printer at /dev/usb/lp0).
 */

class SocketLink extends BaseLink {
  constructor(private readonly socket: net.Socket) {
    super();
    socket.on('data', (chunk: Buffer) => this.received(new Uint8Array(chunk)));
    socket.on('close', () => this.closed('socket closed'));
    socket.on('error', () => this.closed('socket error'));
  }
  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) return reject(new Error('socket closed'));
      this.socket.write(bytes, (error) => (error ? reject(error) : resolve()));
    });
  }
  async close(): Promise<void> {
    this.socket.destroy();
    this.closed('closed');
  }
}

/** Wraps a connected socket (the simulated printer's server side uses it too). */
export function socketLink(socket: net.Socket): ByteLink {
  return new SocketLink(socket);
}

export function tcpLink(host: string, port = 9100, timeoutMs = 2000): Promise<ByteLink> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no connection to ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(new SocketLink(socket));
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

class SerialLink extends BaseLink {
  constructor(private readonly port: SerialPort) {
    super();
    port.on('data', (chunk: Buffer) => this.received(new Uint8Array(chunk)));
    port.on('close', () => this.closed('port closed'));
    port.on('error', () => this.closed('port error'));
  }
  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) return reject(new Error('port closed'));
      this.port.write(Buffer.from(bytes), (error) => {
        if (error) return reject(error);
        this.port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
      });
    });
  }
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.closed('closed');
      if (!this.port.isOpen) return resolve();
      this.port.close(() => resolve());
    });
  }
}

export function serialLink(path: string, baudRate = 115200): Promise<ByteLink> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    port.open((error) => (error ? reject(error) : resolve(new SerialLink(port))));
  });
}

/**
 * A character device opened as a file: the Linux USB printer class (/dev/usb/lp0). Writes
 * go straight to the printer; a bidirectional printer's answers (DLE EOT) are read back
 * from the same device. Opened non-blocking and polled, so no thread waits on a printer
 * that has nothing to say, and closing never hangs.
 */
class FileLink extends BaseLink {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly buffer = Buffer.alloc(512);

  constructor(private readonly fd: number) {
    super();
    this.poll();
  }

  private poll(): void {
    if (!this.isOpen) return;
    fs.read(this.fd, this.buffer, 0, this.buffer.length, null, (error, count) => {
      if (!this.isOpen) return;
      const again = (error as NodeJS.ErrnoException | null)?.code === 'EAGAIN';
      if (error && !again) return this.closed(`device read failed: ${error.code ?? ''}`);
      if (!error && count > 0) {
        this.received(new Uint8Array(this.buffer.subarray(0, count)));
        return this.poll();
      }
      this.timer = setTimeout(() => this.poll(), 15);
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    const deadline = Date.now() + 5000;
    while (offset < bytes.length) {
      if (!this.isOpen) throw new Error('device closed');
      const written = await new Promise<number>((resolve, reject) => {
        fs.write(this.fd, bytes, offset, bytes.length - offset, null, (error, n) => {
          if (!error) return resolve(n);
          if (error.code === 'EAGAIN') return resolve(0);
          this.closed(`device write failed: ${error.code ?? ''}`);
          reject(error);
        });
      });
      offset += written;
      if (written === 0) {
        if (Date.now() > deadline) throw new Error('device does not take data');
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    const wasOpen = this.isOpen;
    this.closed('closed');
    if (wasOpen) await new Promise<void>((resolve) => fs.close(this.fd, () => resolve()));
  }
}

export function fileLink(path: string): Promise<ByteLink> {
  return new Promise((resolve, reject) => {
    const flags = fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK;
    fs.open(path, flags, (error, fd) => (error ? reject(error) : resolve(new FileLink(fd))));
  });
}
