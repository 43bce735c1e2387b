import type { BundleOfferView } from '../../shared/src/protocol/bundle-views';
import { DeviceHost } from '../../kiosk/src/device-host/host';
import { EscPosDecoder, slipTranscript } from '../../kiosk/src/hardware/printer/decoder';
import { gb18030 } from '../../kiosk/src/hardware/printer/gb18030-node';
import { encodeSlip } from '../../kiosk/src/hardware/printer/slip';
import {
  bundleGuidance,
  bundleMaterials,
  chosenSteps,
  stepChoiceSpoken,
} from '../../kiosk/src/renderer/bundles';
import { SLIP } from './fixtures';

/** 一件事一次办 at the kiosk: the optional steps the citizen chooses, in pure functions. */

const BUNDLE: BundleOfferView = {
  id: 'moving-in',
  name: '新居入住',
  nameEn: null,
  steps: [
    { serviceId: 'water', serviceName: '自来水', optional: false },
    { serviceId: 'gas', serviceName: '天然气', optional: true },
    { serviceId: 'heating', serviceName: '供暖', optional: true },
  ],
  materials: [],
};
const SERVICES = [
  { id: 'water', materials: ['身份证原件', '房屋产权证明'] },
  { id: 'gas', materials: ['身份证原件 ', '燃气卡'] },
  { id: 'heating', materials: ['房屋产权证明', '供热合同'] },
];

describe('the kiosk’s choice of optional bundle steps', () => {
  test('bundleSteps names the optional steps left on; required steps never appear', () => {
    expect(chosenSteps(BUNDLE, [])).toEqual(['gas', 'heating']);
    expect(chosenSteps(BUNDLE, ['gas'])).toEqual(['heating']);
    expect(chosenSteps(BUNDLE, ['gas', 'heating'])).toEqual([]);
    // A required step cannot be switched off, even if the list names it.
    expect(chosenSteps(BUNDLE, ['water'])).toEqual(['gas', 'heating']);
  });

  test('the materials follow the chosen steps, each once (trimmed), in step order', () => {
    expect(bundleMaterials(BUNDLE, SERVICES, [])).toEqual([
      '身份证原件',
      '房屋产权证明',
      '燃气卡',
      '供热合同',
    ]);
    expect(bundleMaterials(BUNDLE, SERVICES, ['gas'])).toEqual([
      '身份证原件',
      '房屋产权证明',
      '供热合同',
    ]);
    expect(bundleMaterials(BUNDLE, SERVICES, ['heating', 'gas'])).toEqual([
      '身份证原件',
      '房屋产权证明',
    ]);
  });

  test('elderly mode reads the steps with each optional step’s state, then the change', () => {
    const said = bundleGuidance(BUNDLE, SERVICES, ['gas']);
    expect(said).toContain('第1步 自来水；');
    expect(said).toContain('第2步 天然气，可选，现在是“不需要”');
    expect(said).toContain('第3步 供暖，可选，现在是“需要办理”');
    expect(said).toContain('身份证原件，房屋产权证明，供热合同。');
    expect(said).not.toContain('燃气卡');
    expect(stepChoiceSpoken(BUNDLE, SERVICES, 'gas', ['gas'])).toBe(
      '天然气：不需要。需备齐材料 3 项',
    );
    expect(stepChoiceSpoken(BUNDLE, SERVICES, 'gas', [])).toBe('天然气：需要办理。需备齐材料 4 项');
  });

  test('the printed slip lists the steps to do', () => {
    const decoder = new EscPosDecoder();
    decoder.feed(encodeSlip({ ...SLIP, steps: ['自来水', '供暖'] }, gb18030));
    const text = slipTranscript(decoder.slips[0]!);
    expect(text).toContain('一件事一次办：办理步骤（一号办到底）\n1. 自来水\n2. 供暖\n');
    const plain = new EscPosDecoder();
    plain.feed(encodeSlip(SLIP, gb18030));
    expect(slipTranscript(plain.slips[0]!)).not.toContain('办理步骤');
  });

  test('the device side sends bundleSteps to POST /api/tickets, and nothing malformed', async () => {
    const sent: unknown[] = [];
    const host = new DeviceHost({
      mode: 'host',
      deviceName: 'test',
      hallUrl: 'http://hall.invalid',
      token: () => 'token',
      fetch: async (_url, init) => {
        sent.push(JSON.parse(String(init?.body)));
        return new Response('{}', { status: 201 });
      },
      printer: null,
      encodeText: gb18030,
      reader: null,
      scanner: null,
    });
    const request = {
      serviceId: 'moving-in',
      channel: 'kiosk' as const,
      requestId: 'abcdefgh12345678',
      withCard: false,
    };
    await host.issue({ ...request, bundleSteps: ['heating'] });
    await host.issue({ ...request, bundleSteps: [] });
    await host.issue(request);
    await host.issue({ ...request, bundleSteps: [{ evil: 1 }] as unknown as string[] });
    // withCard stays on the device side; a malformed list is dropped (then: all steps).
    const body = { serviceId: 'moving-in', channel: 'kiosk', requestId: 'abcdefgh12345678' };
    expect(sent).toEqual([
      { ...body, bundleSteps: ['heating'] },
      { ...body, bundleSteps: [] },
      body,
      body,
    ]);
  });
});
