import { idCheckChar } from '../../../../shared/src/pii';
import { Listeners, type ByteLink } from '../link';
import {
  COMMANDS,
  SW3,
  encodeAnswer,
  encodeBaseInfo,
  frameLength,
  FrameError,
  parseCommand,
} from './ga467';
import { encodeTextBlock, type IdentityCard } from './text-block';

export const PHOTO_LENGTH = 1024;

/**
 * A simulated SAM module with a card slot: it answers GA 467 frames the way a real one
 * does. Like the real thing, after a card has been read, find card fails until the card
 * is taken off and put back. Options make it slow (a read in progress, for unplug tests),
 * or mute.
 */
export class SimSamReader {
  private card: IdentityCard | null = null;
  private readSinceInsert = false;
  /** Delay before answering a read (the SAM's work); tests lengthen it. */
  readDelayMs = 0;
  /** A mute SAM answers nothing (a dead module). */
  mute = false;
  readonly commandsSeen: string[] = [];
  private readonly readListeners = new Listeners<void>();

  insertCard(card: IdentityCard): void {
    this.card = card;
    this.readSinceInsert = false;
  }

  removeCard(): void {
    this.card = null;
    this.readSinceInsert = false;
  }

  get hasCard(): boolean {
    return this.card !== null;
  }

  /** Called when a read answer has gone out. */
  onRead(listener: () => void): () => void {
    return this.readListeners.add(listener);
  }

  attach(link: ByteLink): () => void {
    let buffer: Uint8Array = new Uint8Array(0);
    return link.onData((chunk) => {
      const next = new Uint8Array(buffer.length + chunk.length);
      next.set(buffer);
      next.set(chunk, buffer.length);
      buffer = next;
      for (;;) {
        let length: number;
        try {
          length = frameLength(buffer);
        } catch (error) {
          buffer = new Uint8Array(0);
          if (error instanceof FrameError && !this.mute)
            void link.write(encodeAnswer(SW3.CHECKSUM)).catch(() => undefined);
          return;
        }
        if (length === 0) return;
        const frame = buffer.slice(0, length);
        buffer = buffer.slice(length);
        void this.answer(link, frame);
      }
    });
  }

  private async answer(link: ByteLink, frame: Uint8Array): Promise<void> {
    const { command } = parseCommand(frame);
    const key = `${command[0].toString(16)} ${command[1].toString(16).padStart(2, '0')}`;
    this.commandsSeen.push(key);
    if (this.mute) return;
    const send = (bytes: Uint8Array) => link.write(bytes).catch(() => undefined);
    const is = (c: readonly [number, number]) => command[0] === c[0] && command[1] === c[1];
    if (is(COMMANDS.findCard)) {
      const present = this.card !== null && !this.readSinceInsert;
      return void (await send(
        present ? encodeAnswer(SW3.FIND_OK, new Uint8Array(4)) : encodeAnswer(SW3.FIND_FAILED),
      ));
    }
    if (is(COMMANDS.selectCard)) {
      return void (await send(
        this.card ? encodeAnswer(SW3.OK, new Uint8Array(8)) : encodeAnswer(SW3.SELECT_FAILED),
      ));
    }
    if (is(COMMANDS.readBase)) {
      const card = this.card;
      if (!card) return void (await send(encodeAnswer(SW3.READ_FAILED)));
      if (this.readDelayMs > 0)
        await new Promise((r) => {
          const timer = setTimeout(r, this.readDelayMs);
          // A slow simulated SAM must not keep a test process alive.
          (timer as { unref?: () => void }).unref?.();
        });
      if (this.card !== card) return void (await send(encodeAnswer(SW3.READ_FAILED)));
      const photo = new Uint8Array(PHOTO_LENGTH);
      // A WLT-compressed photo starts "WLf"; the rest is not needed by anyone here.
      photo.set([0x57, 0x4c, 0x66, 0x00]);
      await send(encodeAnswer(SW3.OK, encodeBaseInfo(encodeTextBlock(card), photo)));
      this.readSinceInsert = true;
      this.readListeners.emit();
      return;
    }
    if (is(COMMANDS.samStatus) || is(COMMANDS.reset))
      return void (await send(encodeAnswer(SW3.OK)));
    await send(encodeAnswer(SW3.COMMAND));
  }
}

/** A valid ID number (real check character) for an invented person of the reference county. */
export function sampleIdNumber(birthDate: string, serial = '123'): string {
  const first17 = `652828${birthDate.replace(/-/g, '')}${serial}`;
  return first17 + idCheckChar(first17);
}

/** Sample cards for demos and tests: invented people with valid check digits. */
export function sampleCard(overrides: Partial<IdentityCard> = {}): IdentityCard {
  const birthDate = overrides.birthDate ?? '1950-03-08';
  return {
    name: '张建国',
    sex: 'male',
    nationCode: '01',
    nation: '汉',
    birthDate,
    address: '新疆和硕县特吾里克镇幸福路12号',
    idNumber: sampleIdNumber(birthDate),
    authority: '和硕县公安局',
    validFrom: '2015-06-01',
    validTo: '长期',
    ...overrides,
  };
}
