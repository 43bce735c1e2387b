import type { Clip, ClipPlayer } from './queue';
import { joinWavs } from './wav';

type Outcome = 'ended' | 'error' | 'timeout' | 'blocked';

/**
 * Plays an announcement through HTMLAudioElement, one at a time: its clips joined into one
 * WAV (a blob: URL; no gaps between the words), or clip after clip when the pack is not
 * plain PCM WAV. A browser that refuses to play before the first touch (autoplay policy)
 * is reported through `onBlocked`; Electron windows allow it (counter-display/src/main).
 */
export class HtmlAudioPlayer implements ClipPlayer {
  private readonly elements = new Map<string, HTMLAudioElement>();
  private readonly buffers = new Map<string, Promise<ArrayBuffer | null>>();
  blocked = false;

  constructor(
    private readonly onBlocked?: (blocked: boolean) => void,
    /** Playback speed (1); tests speed it up. */
    private readonly rate = 1,
  ) {}

  /** Fetches the clips ahead of the first call. */
  preload(urls: string[]): void {
    for (const url of urls) void this.buffer(url);
  }

  async play(clips: Clip[]): Promise<void> {
    const total = clips.reduce((sum, c) => sum + c.ms, 0);
    const buffers = await Promise.all(clips.map((c) => this.buffer(c.url)));
    const joined = buffers.every((b) => b !== null) ? joinWavs(buffers as ArrayBuffer[]) : null;
    if (joined) {
      const url = URL.createObjectURL(new Blob([joined], { type: 'audio/wav' }));
      try {
        const outcome = await this.playOne(new Audio(url), total + 2000);
        if (outcome !== 'error') return;
      } finally {
        URL.revokeObjectURL(url);
      }
    }
    for (const clip of clips) {
      const outcome = await this.playOne(this.element(clip.url), clip.ms + 1500);
      if (outcome === 'blocked') return;
    }
  }

  private buffer(url: string): Promise<ArrayBuffer | null> {
    let pending = this.buffers.get(url);
    if (!pending) {
      pending = fetch(url)
        .then((res) => (res.ok ? res.arrayBuffer() : null))
        .catch(() => null);
      pending.then(
        (b) => b === null && this.buffers.delete(url),
        () => undefined,
      );
      this.buffers.set(url, pending);
    }
    return pending;
  }

  private playOne(audio: HTMLAudioElement, timeoutMs: number): Promise<Outcome> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        audio.removeEventListener('ended', onEnded);
        audio.removeEventListener('error', onError);
        resolve(outcome);
      };
      const onEnded = () => done('ended');
      const onError = () => done('error');
      const timer = setTimeout(() => done('timeout'), timeoutMs / this.rate);
      audio.addEventListener('ended', onEnded);
      audio.addEventListener('error', onError);
      audio.currentTime = 0;
      audio.playbackRate = this.rate;
      audio.play().then(
        () => this.setBlocked(false),
        (error: unknown) => {
          const blocked = (error as { name?: string })?.name === 'NotAllowedError';
          if (blocked) this.setBlocked(true);
          done(blocked ? 'blocked' : 'error');
        },
      );
    });
  }

  private setBlocked(blocked: boolean): void {
    if (this.blocked === blocked) return;
    this.blocked = blocked;
    this.onBlocked?.(blocked);
  }

  private element(url: string): HTMLAudioElement {
    let audio = this.elements.get(url);
    if (!audio) {
      audio = new Audio(url);
      audio.preload = 'auto';
      this.elements.set(url, audio);
    }
    return audio;
  }
}
