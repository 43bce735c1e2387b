import type { SlipData } from '../../kiosk/src/hardware/printer/slip';

/** A slip as the kiosk prints it for a tax ticket of the reference hall. */
export const SLIP: SlipData = {
  hallName: '和硕县政务服务中心',
  number: 'A001',
  serviceName: '税务',
  issuedAt: '2026-11-23T02:05:00.000Z',
  timeZone: 'Asia/Shanghai',
  ahead: 3,
  estimatedWaitMinutes: 12,
  windowNumbers: [1, 2, 3, 4, 5, 6, 7, 8],
  materials: ['身份证原件', '营业执照副本（单位办理）'],
  statusUrl: 'http://192.168.1.10:3000/t/OADiNQSyz_fAoFnR',
};
