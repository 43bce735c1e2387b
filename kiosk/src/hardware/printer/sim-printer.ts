import type { ByteLink } from '../link';
import { Listeners } from '../link';
import { EscPosDecoder, slipTranscript, type PrintedSlip } from './decoder';
import { statusByteFor } from './status';

export interface SimPrinterCondition {
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
}

/**
 * A simulated receipt printer: it reads ESC/POS from a link, answers DLE EOT with real
 * status bytes, and keeps every slip it cut (decoded back into lines and QR codes). It can
 * be put out of paper or have its cover opened; while it cannot print, slips sent to it are
 * lost, as on a real printer. Transport-free: ./sim-printer-server.ts puts it behind TCP
 * port 9100 or a serial port, the browser build behind an in-memory link.
 */
export class SimPrinter {
  readonly condition: SimPrinterCondition = {
    paperOut: false,
    paperNearEnd: false,
    coverOpen: false,
  };
  readonly printed: PrintedSlip[] = [];
  /** Slips that arrived while the printer could not print. */
  readonly lost: PrintedSlip[] = [];
  /** Every byte received, for golden tests. */
  readonly received: Uint8Array[] = [];
  private readonly slipListeners = new Listeners<PrintedSlip>();
  readonly decoders = new Set<EscPosDecoder>();

  /** Serves one connection (a TCP client, a serial port, an in-memory link). */
  attach(link: ByteLink): () => void {
    const decoder = new EscPosDecoder({
      onStatusRequest: (n) => {
        void link.write(Uint8Array.of(statusByteFor(n, this.condition))).catch(() => undefined);
      },
      onSlip: (slip) => {
        if (this.condition.paperOut || this.condition.coverOpen) this.lost.push(slip);
        else {
          this.printed.push(slip);
          this.slipListeners.emit(slip);
        }
      },
    });
    this.decoders.add(decoder);
    const off = link.onData((chunk) => {
      this.received.push(chunk);
      decoder.feed(chunk);
    });
    const offClose = link.onClose(() => this.decoders.delete(decoder));
    return () => {
      off();
      offClose();
      this.decoders.delete(decoder);
    };
  }

  set(change: Partial<SimPrinterCondition>): void {
    Object.assign(this.condition, change);
  }

  onSlip(listener: (slip: PrintedSlip) => void): () => void {
    return this.slipListeners.add(listener);
  }

  /** The printed slips as text (see slipTranscript). */
  transcripts(columns = 48): string[] {
    return this.printed.map((slip) => slipTranscript(slip, columns));
  }

  /** Resolves with the next slip cut. */
  nextSlip(timeoutMs = 3000): Promise<PrintedSlip> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no slip printed within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onSlip((slip) => {
        clearTimeout(timer);
        off();
        resolve(slip);
      });
    });
  }
}
