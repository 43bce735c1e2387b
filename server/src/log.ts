import { maskPiiInText } from '../../shared/src/pii';

export type Logger = (level: 'info' | 'warn' | 'error', message: string) => void;

/** One line per entry on stdout/stderr, with anything that looks like an ID or phone number masked. */
export function consoleLogger(quiet = false): Logger {
  return (level, message) => {
    if (quiet && level === 'info') return;
    const line = `${new Date().toISOString()} ${level.toUpperCase()} ${maskPiiInText(message)}`;
    if (level === 'info') process.stdout.write(`${line}\n`);
    else process.stderr.write(`${line}\n`);
  };
}
