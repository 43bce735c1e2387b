import readline from 'node:readline';
import { attachSimReaderToSerial } from '../hardware/id-reader/serial-node';
import { sampleCard } from '../hardware/id-reader/sim-reader';
import { startSimPrinterServer } from '../hardware/printer/sim-printer-server';
import { openPtyPair } from '../hardware/socat';

/**
 * `npm run kiosk:sim-devices [port]`: the simulated printer on TCP (9100 by default) and a
 * simulated SAM ID card reader behind a socat pseudo-terminal, for trying the Electron
 * kiosk on a machine without the hardware. Prints the kiosk.json device settings, then
 * takes commands on stdin: card [YYYY-MM-DD], remove, paper out|near|ok, cover open|closed,
 * slips.
 */
async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? 9100);
  const printer = await startSimPrinterServer({ port });
  const pty = await openPtyPair();
  const reader = await attachSimReaderToSerial(pty.b);
  const config = {
    printer: { type: 'tcp', host: printer.host, port: printer.port },
    reader: { type: 'serial', path: pty.a },
  };
  process.stdout.write(
    `simulated devices ready; in kiosk.json:\n${JSON.stringify(config, null, 2)}\n> `,
  );
  printer.printer.onSlip(() =>
    process.stdout.write('\n[printer] a slip was printed (type "slips")\n> '),
  );
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const [command, arg] = line.trim().split(/\s+/);
    if (command === 'card') {
      reader.sim.removeCard();
      reader.sim.insertCard(sampleCard(arg ? { birthDate: arg } : {}));
    } else if (command === 'remove') reader.sim.removeCard();
    else if (command === 'paper')
      printer.printer.set({ paperOut: arg === 'out', paperNearEnd: arg !== 'ok' });
    else if (command === 'cover') printer.printer.set({ coverOpen: arg === 'open' });
    else if (command === 'slips')
      process.stdout.write(`${printer.printer.transcripts().join('\n\n')}\n`);
    else if (command)
      process.stdout.write(
        'card [birth date] | remove | paper out|near|ok | cover open|closed | slips\n',
      );
    process.stdout.write('> ');
  });
  const stop = async () => {
    await reader.close();
    await pty.close();
    await printer.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  rl.on('close', () => void stop());
}

void main();
