/**
 * Records a real keypad's HID reports as a test fixture (the format of
 * test/counter-display/fixtures/*.json): press the keys, then Ctrl-C.
 *
 *   npx tsx counter-display/src/main/keypad/record.ts <vendorId> <productId> "what was pressed" > fixture.json
 *   npx tsx counter-display/src/main/keypad/record.ts --list
 *
 * Ids are decimal or 0x-hex. On Linux the user needs read access to /dev/hidraw* (udev rule).
 */
import HID from 'node-hid';

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--list' || args.length < 2) {
    for (const d of HID.devices()) {
      process.stderr.write(
        `0x${(d.vendorId ?? 0).toString(16).padStart(4, '0')} 0x${(d.productId ?? 0).toString(16).padStart(4, '0')}  usagePage ${d.usagePage ?? '?'} usage ${d.usage ?? '?'}  ${d.manufacturer ?? ''} ${d.product ?? ''}  ${d.path ?? ''}\n`,
      );
    }
    return;
  }
  const vendorId = Number(args[0]);
  const productId = Number(args[1]);
  const info = HID.devices(vendorId, productId)[0];
  if (!info?.path) throw new Error('no such device (try --list)');
  const device = new HID.HID(info.path);
  const started = Date.now();
  const reports: { t: number; hex: string }[] = [];
  device.on('data', (data: Buffer) => {
    const hex = [...data].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    reports.push({ t: Date.now() - started, hex });
    process.stderr.write(`${hex}\n`);
  });
  process.on('SIGINT', () => {
    device.close();
    const fixture = {
      device:
        `${info.manufacturer ?? ''} ${info.product ?? ''} (0x${vendorId.toString(16)} 0x${productId.toString(16)})`.trim(),
      note: args[2] ?? '',
      format: { kind: 'boot-keyboard' },
      reports,
    };
    process.stdout.write(`${JSON.stringify(fixture, null, 2)}\n`);
    process.exit(0);
  });
  process.stderr.write('recording: press the keys, then Ctrl-C\n');
}

main();
