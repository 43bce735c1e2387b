import { maskName } from '../../../shared/src/pii';
import type { IdentityCard } from '../hardware/id-reader/text-block';

/**
 * The one place an ID number lives on the kiosk: in memory, for one citizen, until they
 * are done or the kiosk times out. Of the card only the number (for the issue request) and
 * the masked name (for the greeting) are kept; the address, photo and the rest are dropped
 * the moment the card is read. Nothing here is ever logged or written to disk.
 */
export class CardHolder {
  private held: { idNumber: string; maskedName: string; at: number } | null = null;

  constructor(
    private readonly ttlMs = 120_000,
    private readonly now: () => number = Date.now,
  ) {}

  hold(card: IdentityCard): { maskedName: string } {
    const maskedName = maskName(card.name);
    this.held = { idNumber: card.idNumber, maskedName, at: this.now() };
    return { maskedName };
  }

  /** The number, if a card was read within the time-to-live (each use renews it). */
  idNumber(): string | null {
    if (!this.held) return null;
    if (this.now() - this.held.at > this.ttlMs) {
      this.held = null;
      return null;
    }
    this.held.at = this.now();
    return this.held.idNumber;
  }

  forget(): void {
    this.held = null;
  }

  get holding(): boolean {
    return this.idNumber() !== null;
  }
}
