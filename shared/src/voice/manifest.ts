import { REQUIRED_CLIPS } from './compose';

/**
 * A voice pack: a folder of short clips and this manifest (manifest.json) naming them.
 * The development pack is generated with espeak-ng (scripts/voice/make-pack.ts); a
 * recorded pack drops in with the same clip names (docs/displays.md). Checked by hand
 * rather than with zod, to keep the displays' bundles small.
 */
export interface VoicePackManifest {
  name: string;
  language: string;
  /** Where the clips came from, for people (generator and voice, or the speaker). */
  source?: string;
  /** Clip name (a word of the announcement: 请, A, 零, 窗口 …) → file (relative to the manifest) and length (ms). */
  clips: Record<string, { file: string; ms: number }>;
  /** Silence the player leaves between two announcements (ms). */
  gapMs: number;
}

export class ManifestError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A manifest from its JSON, or a ManifestError saying what is wrong. */
export function parseManifest(raw: unknown): VoicePackManifest {
  const fail = (what: string): never => {
    throw new ManifestError(`voice pack manifest: ${what}`);
  };
  if (!isObject(raw)) return fail('not an object');
  const known = new Set(['name', 'language', 'source', 'clips', 'gapMs']);
  for (const key of Object.keys(raw)) if (!known.has(key)) fail(`unknown field ${key}`);
  const { name, language, source, clips, gapMs } = raw;
  if (typeof name !== 'string' || name.length < 1 || name.length > 60)
    fail('name: 1–60 characters');
  if (typeof language !== 'string' || language.length < 2) fail('language: e.g. zh-CN');
  if (source !== undefined && typeof source !== 'string') fail('source: text');
  if (gapMs !== undefined && (typeof gapMs !== 'number' || !(gapMs >= 0 && gapMs <= 5000)))
    fail('gapMs: 0–5000');
  if (!isObject(clips)) return fail('clips: an object of clip name → { file, ms }');
  const checked: VoicePackManifest['clips'] = {};
  for (const [clip, value] of Object.entries(clips)) {
    if (clip.length < 1 || clip.length > 40) fail(`clip name ${clip}: 1–40 characters`);
    if (!isObject(value)) return fail(`clips.${clip}: { file, ms }`);
    const { file, ms } = value;
    if (typeof file !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(file) || file.startsWith('.'))
      fail(`clips.${clip}.file: a plain file name in the pack's folder`);
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 1 || ms > 10_000)
      fail(`clips.${clip}.ms: its length, 1–10000 ms`);
    checked[clip] = { file: file as string, ms: ms as number };
  }
  return {
    name: name as string,
    language: language as string,
    ...(source === undefined ? {} : { source: source as string }),
    clips: checked,
    gapMs: (gapMs as number | undefined) ?? 600,
  };
}

/** The required clips a manifest lacks: a pack missing any cannot speak every call. */
export function missingClips(manifest: Pick<VoicePackManifest, 'clips'>): string[] {
  return REQUIRED_CLIPS.filter((name) => !Object.hasOwn(manifest.clips, name));
}
