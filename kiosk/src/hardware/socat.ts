import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A pair of connected pseudo-terminals from socat: a driver opens one end as its serial
 * port, a simulated device the other. What one writes, the other reads, through the real
 * tty layer and the real serialport binding. Needs `socat` (Debian package socat).
 */
export interface PtyPair {
  /** The end the kiosk's driver opens. */
  a: string;
  /** The end the simulated device opens. */
  b: string;
  process: ChildProcess;
  /** Ends socat: both terminals vanish, as when a USB-serial cable is pulled. */
  close(): Promise<void>;
}

export function openPtyPair(timeoutMs = 5000): Promise<PtyPair> {
  return new Promise((resolve, reject) => {
    const child = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const paths: string[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`socat gave no pseudo-terminals within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      stderr += text;
      for (const match of text.matchAll(/PTY is (\/dev\/\S+)/g)) paths.push(match[1] as string);
      // socat names both ends, then starts its transfer loop: only then is the pair usable.
      if (paths.length >= 2 && /starting data transfer loop/.test(stderr)) {
        clearTimeout(timer);
        child.stderr?.removeAllListeners('data');
        child.stderr?.resume();
        resolve({
          a: paths[0] as string,
          b: paths[1] as string,
          process: child,
          close: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
  });
}
