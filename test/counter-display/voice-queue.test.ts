import fs from 'node:fs';
import path from 'node:path';
import { CHIME, PAUSE, REQUIRED_CLIPS, callSentence } from '../../shared/src/voice/compose';
import { missingClips, parseManifest } from '../../shared/src/voice/manifest';
import { VoiceQueue, type Clip, type ClipPlayer } from '../../counter-display/src/voice/queue';
import { joinWavs, parseWav } from '../../counter-display/src/voice/wav';

const PACK = path.join(__dirname, '..', '..', 'counter-display', 'voice-pack', 'dev');
const manifest = parseManifest(
  JSON.parse(fs.readFileSync(path.join(PACK, 'manifest.json'), 'utf8')),
);

/** Plays nothing; records which clips played, and checks one announcement plays at a time. */
class FakePlayer implements ClipPlayer {
  played: string[] = [];
  playing = 0;
  overlapped = false;
  play(clips: Clip[]): Promise<void> {
    this.playing += 1;
    if (this.playing > 1) this.overlapped = true;
    this.played.push(...clips.map((c) => decodeURIComponent(c.url.split('/').pop() ?? '')));
    return new Promise((resolve) =>
      setTimeout(() => {
        this.playing -= 1;
        resolve();
      }, 1),
    );
  }
}

const fileOf = (clip: string) => manifest.clips[clip]?.file;
const call = (
  seq: number,
  number: string,
  windowNumber: number,
  recall = false,
  at = seq * 1000,
) => ({
  seq,
  at,
  number,
  windowNumber,
  recall,
});

function queue(player: ClipPlayer) {
  return new VoiceQueue({
    player,
    baseUrl: 'http://hall/ui/board/assets/dev/',
    wait: async () => undefined,
  });
}

describe('the development voice pack', () => {
  test('holds every clip, each file small, 16 kHz mono WAV', () => {
    expect(missingClips(manifest)).toEqual([]);
    for (const name of REQUIRED_CLIPS) {
      const file = path.join(PACK, fileOf(name) ?? '');
      const bytes = fs.readFileSync(file);
      expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
      expect(bytes.readUInt16LE(22)).toBe(1); // mono
      expect(bytes.readUInt32LE(24)).toBe(16000);
      expect(bytes.length).toBeLessThan(40_000);
    }
  });
});

describe('joining the clips of an announcement', () => {
  const read = (clip: string) => {
    const bytes = fs.readFileSync(path.join(PACK, fileOf(clip) ?? ''));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  };

  test('one WAV with every sample of every clip, in order', () => {
    const clips = ['请', 'A', '零'].map(read);
    const joined = joinWavs(clips);
    expect(joined).not.toBeNull();
    const wav = parseWav(joined!);
    const parts = clips.map((c) => parseWav(c)!);
    expect(wav).toMatchObject({ sampleRate: 16000, channels: 1, bitsPerSample: 16 });
    expect(wav!.data.length).toBe(parts.reduce((sum, p) => sum + p.data.length, 0));
    expect(Buffer.from(wav!.data.subarray(0, parts[0]!.data.length))).toEqual(
      Buffer.from(parts[0]!.data),
    );
  });

  test('anything but PCM WAV of one format is left to play clip by clip', () => {
    const ogg = new TextEncoder().encode('OggS not a wav').buffer as ArrayBuffer;
    expect(parseWav(ogg)).toBeNull();
    expect(joinWavs([read('请'), ogg])).toBeNull();
    expect(joinWavs([])).toBeNull();
  });
});

describe('the announcement queue', () => {
  test('speaks each call twice after the chime, clip after clip, calls in order', async () => {
    const player = new FakePlayer();
    const voice = queue(player);
    voice.setManifest(manifest);
    voice.announce(call(1, 'A001', 5));
    voice.announce(call(2, 'B012', 12));
    await voice.idle();
    const one = callSentence({ number: 'A001', windowNumber: 5 });
    const two = callSentence({ number: 'B012', windowNumber: 12 });
    expect(player.played).toEqual(
      [CHIME, ...one, PAUSE, ...one, CHIME, ...two, PAUSE, ...two].map(fileOf),
    );
    expect(player.overlapped).toBe(false);
    expect(voice.history.map((a) => [a.text, a.state])).toEqual([
      ['请 A001 号到 5 号窗口办理', 'done'],
      ['请 B012 号到 12 号窗口办理', 'done'],
    ]);
    const [first, second] = voice.history;
    expect(first?.endedAt).not.toBeNull();
    expect((second?.startedAt ?? 0) >= (first?.endedAt ?? Infinity)).toBe(true);
  });

  test('waits for the pack, then speaks what was queued', async () => {
    const player = new FakePlayer();
    const voice = queue(player);
    voice.announce(call(1, 'A001', 1));
    await new Promise((r) => setTimeout(r, 10));
    expect(player.played).toEqual([]);
    expect(voice.pending).toHaveLength(1);
    voice.setManifest(manifest);
    await voice.idle();
    expect(voice.history[0]?.state).toBe('done');
  });

  test('a recall is spoken again; the same call still waiting is not queued twice', async () => {
    const player = new FakePlayer();
    const voice = queue(player);
    voice.setManifest(manifest);
    voice.announce(call(1, 'A001', 5));
    voice.announce(call(2, 'C003', 7));
    voice.announce(call(3, 'C003', 7, true)); // C003 is still waiting its turn
    await voice.idle();
    voice.announce(call(4, 'A001', 5, true));
    await voice.idle();
    expect(voice.history.map((a) => [a.number, a.recall])).toEqual([
      ['A001', false],
      ['C003', false],
      ['A001', true],
    ]);
  });

  test('calls heard long after they happened are shown but not spoken', async () => {
    const player = new FakePlayer();
    const voice = queue(player);
    voice.announce(call(1, 'A001', 5, false, 0));
    voice.announce(call(2, 'A002', 6, false, 5 * 60_000));
    voice.setManifest(manifest);
    await voice.idle();
    expect(voice.history.map((a) => [a.number, a.state, a.reason])).toEqual([
      ['A001', 'skipped', 'stale'],
      ['A002', 'done', null],
    ]);
  });

  test('without a pack nothing is spoken, and nothing waits for ever', async () => {
    const voice = queue(new FakePlayer());
    voice.setManifest(null);
    voice.announce(call(1, 'A001', 5));
    await voice.idle();
    expect(voice.history[0]).toMatchObject({ state: 'skipped', reason: 'no voice pack' });
  });

  test('a pack with a clip of a window name speaks the name', async () => {
    const player = new FakePlayer();
    const voice = queue(player);
    voice.setManifest({
      ...manifest,
      clips: { ...manifest.clips, 帮办代办窗口: { file: 'bangban.wav', ms: 900 } },
    });
    voice.announce({ ...call(1, 'V001', 54), windowName: '帮办代办窗口' });
    await voice.idle();
    expect(voice.history[0]?.text).toBe('请 V001 号到 帮办代办窗口办理');
    expect(player.played).toContain('bangban.wav');
  });
});
