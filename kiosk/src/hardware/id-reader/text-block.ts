/**
 * The 256-byte text block of a resident ID card (the 30 01 answer), UCS-2 little-endian,
 * fields padded with spaces:
 *
 *   name 30 | sex 2 | nation 4 | birth 16 | address 70 | ID number 36 |
 *   issuing authority 30 | valid from 16 | valid to 16 | reserved 36
 *
 * Sex is a code (1 male, 2 female), nation a two-digit code (GB 3304), dates YYYYMMDD,
 * and "valid to" is a date or 长期 (long-term).
 */
export const TEXT_FIELDS = [
  ['name', 30],
  ['sex', 2],
  ['nation', 4],
  ['birth', 16],
  ['address', 70],
  ['idNumber', 36],
  ['authority', 30],
  ['validFrom', 16],
  ['validTo', 16],
  ['reserved', 36],
] as const;

export const TEXT_BLOCK_LENGTH = 256;

/** GB 3304 nationality codes. */
export const NATIONS: Record<string, string> = {
  '01': '汉',
  '02': '蒙古',
  '03': '回',
  '04': '藏',
  '05': '维吾尔',
  '06': '苗',
  '07': '彝',
  '08': '壮',
  '09': '布依',
  '10': '朝鲜',
  '11': '满',
  '12': '侗',
  '13': '瑶',
  '14': '白',
  '15': '土家',
  '16': '哈尼',
  '17': '哈萨克',
  '18': '傣',
  '19': '黎',
  '20': '傈僳',
  '21': '佤',
  '22': '畲',
  '23': '高山',
  '24': '拉祜',
  '25': '水',
  '26': '东乡',
  '27': '纳西',
  '28': '景颇',
  '29': '柯尔克孜',
  '30': '土',
  '31': '达斡尔',
  '32': '仫佬',
  '33': '羌',
  '34': '布朗',
  '35': '撒拉',
  '36': '毛南',
  '37': '仡佬',
  '38': '锡伯',
  '39': '阿昌',
  '40': '普米',
  '41': '塔吉克',
  '42': '怒',
  '43': '乌孜别克',
  '44': '俄罗斯',
  '45': '鄂温克',
  '46': '德昂',
  '47': '保安',
  '48': '裕固',
  '49': '京',
  '50': '塔塔尔',
  '51': '独龙',
  '52': '鄂伦春',
  '53': '赫哲',
  '54': '门巴',
  '55': '珞巴',
  '56': '基诺',
  '97': '其他',
  '98': '外国血统中国籍人士',
};

/**
 * Everything the card says. The kiosk keeps almost none of it: the ID number goes to the
 * hall server in the issue request, the masked name to the greeting, and the rest is
 * dropped at once (see kiosk/src/device-host/card-holder.ts).
 */
export interface IdentityCard {
  name: string;
  sex: 'male' | 'female' | 'unknown';
  /** Two-digit nationality code and its name. */
  nationCode: string;
  nation: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  address: string;
  idNumber: string;
  authority: string;
  /** YYYY-MM-DD. */
  validFrom: string;
  /** YYYY-MM-DD, or 长期. */
  validTo: string;
}

function decodeUcs2le(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    text += String.fromCharCode((bytes[i] as number) | ((bytes[i + 1] as number) << 8));
  }
  // Fields are padded with spaces (some readers: NULs).
  return text.split('\u0000').join(' ').trim();
}

function encodeUcs2le(text: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length / 2; i += 1) {
    const code = i < text.length ? text.charCodeAt(i) : 0x20;
    out[i * 2] = code & 0xff;
    out[i * 2 + 1] = code >> 8;
  }
  return out;
}

const isoDate = (yyyymmdd: string) =>
  /^\d{8}$/.test(yyyymmdd)
    ? `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`
    : yyyymmdd;

export function decodeTextBlock(block: Uint8Array): IdentityCard {
  if (block.length < TEXT_BLOCK_LENGTH)
    throw new Error(`text block is ${block.length} bytes, not ${TEXT_BLOCK_LENGTH}`);
  const fields: Record<string, string> = {};
  let at = 0;
  for (const [name, length] of TEXT_FIELDS) {
    fields[name] = decodeUcs2le(block.slice(at, at + length));
    at += length;
  }
  const sexCode = fields.sex ?? '';
  const nationCode = fields.nation ?? '';
  return {
    name: fields.name ?? '',
    sex: sexCode === '1' ? 'male' : sexCode === '2' ? 'female' : 'unknown',
    nationCode,
    nation: NATIONS[nationCode] ?? nationCode,
    birthDate: isoDate(fields.birth ?? ''),
    address: fields.address ?? '',
    idNumber: (fields.idNumber ?? '').toUpperCase(),
    authority: fields.authority ?? '',
    validFrom: isoDate(fields.validFrom ?? ''),
    validTo: isoDate(fields.validTo ?? ''),
  };
}

/** The inverse, for the simulated reader and tests. */
export function encodeTextBlock(card: IdentityCard): Uint8Array {
  const plain = (iso: string) => iso.replace(/-/g, '');
  const values: Record<(typeof TEXT_FIELDS)[number][0], string> = {
    name: card.name,
    sex: card.sex === 'male' ? '1' : card.sex === 'female' ? '2' : '0',
    nation: card.nationCode,
    birth: plain(card.birthDate),
    address: card.address,
    idNumber: card.idNumber,
    authority: card.authority,
    validFrom: plain(card.validFrom),
    validTo: card.validTo === '长期' ? '长期' : plain(card.validTo),
    reserved: '',
  };
  const block = new Uint8Array(TEXT_BLOCK_LENGTH);
  let at = 0;
  for (const [name, length] of TEXT_FIELDS) {
    block.set(encodeUcs2le(values[name], length), at);
    at += length;
  }
  return block;
}
