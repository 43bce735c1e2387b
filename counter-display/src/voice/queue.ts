import {
  REQUIRED_CLIPS,
  callText,
  composeCall,
  type CallToAnnounce,
  type ComposeOptions,
} from '../../../shared/src/voice/compose';
import type { VoicePackManifest } from '../../../shared/src/voice/manifest';

export interface Clip {
  url: string;
  /** Its length (ms), from the manifest. */
  ms: number;
}

/** Plays one announcement's clips in order; resolves when done, failed or overdue. Never rejects. */
export interface ClipPlayer {
  play(clips: Clip[]): Promise<void>;
}

export type AnnouncementState = 'queued' | 'playing' | 'done' | 'skipped';

export interface Announcement {
  id: number;
  /** The public event's seq (a call or a recall). */
  seq: number;
  number: string;
  windowNumber: number;
  recall: boolean;
  text: string;
  clips: string[];
  state: AnnouncementState;
  /** Why it was skipped: stale (long after the call), or no voice pack. */
  reason: string | null;
  /** The call's time (ms, server clock). */
  at: number;
  /** When it started and ended playing (ms, this machine's clock). */
  startedAt: number | null;
  endedAt: number | null;
}

export interface VoiceQueueOptions {
  player: ClipPlayer;
  /** URL of the folder holding the pack's manifest (clip files are relative to it). */
  baseUrl: string;
  compose?: Omit<ComposeOptions, 'namedWindows'>;
  /** A call this much older than the newest call heard is not spoken any more (2 min). */
  maxLagMs?: number;
  /** Waits between announcements (tests pass a fast one). */
  wait?: (ms: number) => Promise<void>;
  /** Older announcements are forgotten beyond this many (100). */
  keep?: number;
  now?: () => number;
  onChange?: (queue: VoiceQueue) => void;
}

export interface CallEvent extends CallToAnnounce {
  seq: number;
  at: number;
  recall: boolean;
}

/**
 * One announcement at a time, in the order the calls happened, each clip after the one
 * before has ended: announcements never overlap. A recall is spoken again; a call still
 * waiting its turn is not queued twice. Calls heard long after they happened (a display
 * catching up after an outage) are shown but not spoken.
 */
export class VoiceQueue {
  readonly history: Announcement[] = [];
  private manifest: VoicePackManifest | null = null;
  private packFailed = false;
  private running = false;
  private nextId = 1;
  private newestAt = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: VoiceQueueOptions) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The pack, once loaded; queued announcements start then. `null`: no pack, nothing is spoken. */
  setManifest(manifest: VoicePackManifest | null): void {
    this.manifest = manifest;
    this.packFailed = manifest === null;
    this.pump();
  }

  get pending(): Announcement[] {
    return this.history.filter((a) => a.state === 'queued');
  }

  get playing(): Announcement | null {
    return this.history.find((a) => a.state === 'playing') ?? null;
  }

  announce(call: CallEvent): Announcement {
    this.newestAt = Math.max(this.newestAt, call.at);
    const waiting = this.pending.find(
      (a) => a.number === call.number && a.windowNumber === call.windowNumber,
    );
    if (waiting) return waiting;
    // Clips beyond the required words are names of windows (帮办代办窗口), spoken as such.
    const named = new Set(
      Object.keys(this.manifest?.clips ?? {}).filter((name) => !REQUIRED_CLIPS.includes(name)),
    );
    const announcement: Announcement = {
      id: this.nextId++,
      seq: call.seq,
      number: call.number,
      windowNumber: call.windowNumber,
      recall: call.recall,
      text: callText(call, named),
      clips: composeCall(call, { ...this.options.compose, namedWindows: named }),
      state: 'queued',
      reason: null,
      at: call.at,
      startedAt: null,
      endedAt: null,
    };
    this.history.push(announcement);
    const keep = this.options.keep ?? 100;
    while (this.history.length > keep && this.history[0]?.state !== 'queued') this.history.shift();
    this.changed();
    this.pump();
    return announcement;
  }

  /** Resolves when nothing is queued or playing. */
  idle(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private changed(): void {
    this.options.onChange?.(this);
  }

  private pump(): void {
    if (this.running || (!this.manifest && !this.packFailed)) return;
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.pending.length > 0 && (this.manifest || this.packFailed)) this.pump();
      else for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
  }

  private async drain(): Promise<void> {
    const wait = this.options.wait ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const maxLag = this.options.maxLagMs ?? 120_000;
    for (;;) {
      const next = this.pending[0];
      if (!next) return;
      const manifest = this.manifest;
      if (!manifest) {
        this.finish(next, 'skipped', 'no voice pack');
        continue;
      }
      if (this.newestAt - next.at > maxLag) {
        this.finish(next, 'skipped', 'stale');
        continue;
      }
      next.state = 'playing';
      next.startedAt = this.now();
      this.changed();
      const clips: Clip[] = [];
      for (const name of next.clips) {
        const clip = manifest.clips[name];
        if (!clip) continue; // a pack without this word: say the rest
        clips.push({ url: new URL(clip.file, this.options.baseUrl).toString(), ms: clip.ms });
      }
      await this.options.player.play(clips);
      this.finish(next, 'done', null);
      if (this.pending.length > 0) await wait(manifest.gapMs);
    }
  }

  private finish(announcement: Announcement, state: AnnouncementState, reason: string | null) {
    announcement.state = state;
    announcement.reason = reason;
    if (state === 'done') announcement.endedAt = this.now();
    this.changed();
  }
}
