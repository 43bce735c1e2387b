/** A small `--key value` / `--flag` parser for the simulator tools. */
export interface Args {
  get(name: string): string | undefined;
  number(name: string, fallback: number): number;
  flag(name: string): boolean;
  list(name: string, fallback: readonly string[]): string[];
}

export function parseArgs(argv: readonly string[], flags: readonly string[] = []): Args {
  const values = new Map<string, string>();
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) values.set(key, inline);
    else if (flags.includes(key)) seen.add(key);
    else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`--${key} needs a value`);
      values.set(key, value);
      i += 1;
    }
  }
  return {
    get: (name) => values.get(name),
    number(name, fallback) {
      const raw = values.get(name);
      if (raw === undefined) return fallback;
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new Error(`--${name} must be a number`);
      return n;
    },
    flag: (name) => seen.has(name) || values.get(name) === 'true',
    list: (name, fallback) => values.get(name)?.split(',').filter(Boolean) ?? [...fallback],
  };
}

/** Runs a CLI main, printing errors without a stack trace. */
export function runMain(main: () => Promise<void> | void): void {
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    });
}
