import { parseManifest, type VoicePackManifest } from '../../../../shared/src/voice/manifest';
import type { PublicEvent } from '../../../../shared/src/protocol/events';
import { HtmlAudioPlayer } from '../../voice/html-audio';
import { VoiceQueue, type Announcement } from '../../voice/queue';
import { query } from './dom';
import { untilAnswered } from './hall';

/** What tests and people at the console can read: `window.__hallqVoice`. */
export interface VoiceProbe {
  pack: string;
  loaded: boolean;
  blocked: boolean;
  history: Announcement[];
  pending(): Announcement[];
  playing(): Announcement | null;
}

declare global {
  interface Window {
    __hallqVoice?: VoiceProbe;
  }
}

/**
 * The page's announcer: the voice pack named by `?voice=` (or the Electron configuration;
 * `dev` by default) from /ui/<app>/assets/<pack>/, and the queue that speaks every call.
 * `?voice=off` keeps the page silent; pages silent by default speak with `?voice=dev`.
 */
export function startVoice(
  app: string,
  onBlocked: (blocked: boolean) => void,
  byDefault: 'on' | 'off' = 'on',
): {
  hear(event: PublicEvent): void;
} | null {
  const pack =
    query.get('voice') ?? window.hallqDevice?.voicePack ?? (byDefault === 'on' ? 'dev' : 'off');
  if (pack === 'off' || !/^[A-Za-z0-9_-]{1,40}$/.test(pack)) return null;
  const baseUrl = new URL(`/ui/${app}/assets/${pack}/`, location.href).toString();
  // ?voiceRate=4 speaks four times as fast (tests, demos); 1 otherwise.
  const rate = Math.min(16, Math.max(0.5, Number(query.get('voiceRate') ?? 1) || 1));
  const player = new HtmlAudioPlayer((blocked) => {
    probe.blocked = blocked;
    onBlocked(blocked);
  }, rate);
  const queue = new VoiceQueue({
    player,
    baseUrl,
    wait: (ms) => new Promise((r) => setTimeout(r, ms / rate)),
  });
  const probe: VoiceProbe = {
    pack,
    loaded: false,
    blocked: false,
    history: queue.history,
    pending: () => queue.pending,
    playing: () => queue.playing,
  };
  window.__hallqVoice = probe;

  void untilAnswered(async () => {
    const response = await fetch(new URL('manifest.json', baseUrl), { cache: 'no-store' });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`voice pack: HTTP ${response.status}`);
    return (await response.json()) as unknown;
  }).then((raw) => {
    let manifest: VoicePackManifest | null = null;
    try {
      manifest = raw === null ? null : parseManifest(raw);
    } catch (error) {
      console.error(`voice pack ${pack}:`, (error as Error).message);
    }
    if (manifest) {
      player.preload(Object.values(manifest.clips).map((c) => new URL(c.file, baseUrl).toString()));
      probe.loaded = true;
    }
    queue.setManifest(manifest);
  });

  // The first touch anywhere lets a browser that blocks autoplay speak from then on.
  window.addEventListener('pointerdown', () => onBlocked(false));

  return {
    hear(event) {
      if (event.type !== 'ticket.called' && event.type !== 'ticket.recalled') return;
      queue.announce({
        seq: event.seq,
        at: Date.parse(event.at),
        number: event.number,
        windowNumber: event.windowNumber,
        windowName: event.windowName,
        recall: event.type === 'ticket.recalled',
      });
    },
  };
}
