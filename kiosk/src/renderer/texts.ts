import type { PriorityClass } from '../../../shared/src/domain/hall-config';

/** One string in both languages: Chinese first, English beneath for visitors. */
export interface Text {
  zh: string;
  en: string;
}

/**
 * Every word the kiosk shows or says, in one table. `{name}`-style placeholders are filled
 * by fill(). Names of areas and services come from the hall configuration (Chinese only).
 */
export const TEXT = {
  title: { zh: '自助取号', en: 'Self-service tickets' },
  elderlyOn: { zh: '长者模式', en: 'Large text' },
  elderlyOff: { zh: '退出长者模式', en: 'Normal text' },
  back: { zh: '返回', en: 'Back' },
  home: { zh: '回到首页', en: 'Start again' },
  done: { zh: '完成', en: 'Done' },
  chooseArea: { zh: '请选择办理区域', en: 'Choose an area' },
  chooseService: { zh: '请选择办理事项', en: 'Choose a service' },
  services: { zh: '{n} 个事项', en: '{n} services' },
  waiting: { zh: '等候 {n} 人', en: '{n} waiting' },
  waitAbout: { zh: '约 {n} 分钟', en: 'about {n} min' },
  cardPrompt: { zh: '请将身份证放在读卡区', en: 'Place your ID card on the reader' },
  cardWhy: {
    zh: '刷身份证取号：老年人自动优先，同一事项不重复取号',
    en: 'With your ID card: priority for the elderly, no double tickets',
  },
  cardOptional: { zh: '也可以不刷卡，直接选择区域', en: 'Or just choose an area' },
  readerOffline: {
    zh: '读卡器暂不可用，请直接选择事项',
    en: 'The card reader is not available: choose a service directly',
  },
  greeting: { zh: '{name}，您好！', en: 'Hello, {name}' },
  greetingHint: { zh: '已读取身份证，请选择办理事项', en: 'Card read: choose a service' },
  notMe: { zh: '退卡', en: 'Not me' },
  materialsTitle: { zh: '一次性告知：请备齐以下材料', en: 'Please bring these documents' },
  noMaterials: { zh: '本事项无需特别材料', en: 'No documents needed' },
  withCard: { zh: '将以 {name} 的身份证取号', en: 'Ticket for the card holder {name}' },
  confirm: { zh: '确认取号', en: 'Take a ticket' },
  issuing: { zh: '正在取号，请稍候…', en: 'Getting your ticket…' },
  retrying: { zh: '网络不稳定，正在重试（第 {n} 次）…', en: 'Network trouble, retrying ({n})…' },
  yourNumber: { zh: '您的号码', en: 'Your number' },
  ahead: { zh: '前面等候', en: 'ahead of you' },
  people: { zh: '人', en: '' },
  estimated: { zh: '预计等待', en: 'estimated wait' },
  minutes: { zh: '分钟', en: 'min' },
  windows: { zh: '办理窗口', en: 'windows' },
  printing: { zh: '正在打印号票…', en: 'Printing your ticket…' },
  printed: { zh: '请取走号票，留意叫号', en: 'Take your ticket and wait for your number' },
  scanToFollow: { zh: '手机扫码查看排队进度', en: 'Scan to follow your place' },
  notPrinted: {
    zh: '号票未能打印：请拍下或记住您的号码，也可用手机扫描二维码',
    en: 'The ticket could not be printed: note your number or scan the code',
  },
  paperOut: {
    zh: '打印机缺纸，号票只在屏幕上显示；已通知工作人员',
    en: 'Printer out of paper: tickets are shown on screen; staff have been told',
  },
  coverOpen: {
    zh: '打印机盖未关好，号票只在屏幕上显示；已通知工作人员',
    en: 'Printer cover open: tickets are shown on screen; staff have been told',
  },
  printerOffline: {
    zh: '打印机暂不可用，号票只在屏幕上显示；已通知工作人员',
    en: 'Printer unavailable: tickets are shown on screen; staff have been told',
  },
  paused: { zh: '暂停取号，请到服务台', en: 'Ticketing paused: please go to the service desk' },
  pausedWhy: {
    zh: '暂时无法连接取号系统，未发出任何号码',
    en: 'The ticket system cannot be reached; no number was issued',
  },
  reconnecting: { zh: '正在自动恢复…', en: 'Reconnecting…' },
  refusedTitle: { zh: '未能取号', en: 'No ticket issued' },
  heldNumber: { zh: '您已有的号码', en: 'Your ticket' },
  heldHint: {
    zh: '请留意叫号；如需帮助请到服务台',
    en: 'Please wait for your number; ask at the service desk for help',
  },
  deskHint: { zh: '如需帮助，请到服务台', en: 'For help, please ask at the service desk' },
  reinsertCard: {
    zh: '身份证信息已清除，请重新放置身份证',
    en: 'The card was cleared: place it on the reader again',
  },
  notEnrolled: { zh: '本机尚未启用，请联系工作人员', en: 'This kiosk is not set up yet' },
  notEnrolledHint: {
    zh: '管理员在“大厅管理”中登记本机并完成注册后即可使用',
    en: 'An administrator must enrol this kiosk first',
  },
  ticketStatus: { zh: '排队进度', en: 'Your place in the queue' },
  ticketNotFound: { zh: '未找到该号码，请核对号票', en: 'Ticket not found' },
  goTo: { zh: '请到 {window} 号窗口办理', en: 'Please go to window {window}' },
  appointmentTitle: { zh: '预约签到', en: 'Appointment check-in' },
  appointmentHowTo: {
    zh: '请将预约二维码对准扫码口；或刷身份证后点“预约签到”',
    en: 'Hold your booking QR code to the scanner, or read your ID card and touch “Check in”',
  },
  checkIn: { zh: '预约签到', en: 'Check in' },
  checkingIn: { zh: '正在签到，请稍候…', en: 'Checking in…' },
  checkedIn: { zh: '预约签到成功（预约时段 {slot}）', en: 'Checked in (slot {slot})' },
  checkInLate: {
    zh: '您已超过预约签到时间，预约已失效。已为您取普通号，请按顺序等候',
    en: 'Too late for your booking: this is an ordinary ticket, please wait your turn',
  },
  checkInEarly: {
    zh: '还未到签到时间，请于 {time} 后再签到',
    en: 'Too early to check in: please come back from {time}',
  },
  noBooking: {
    zh: '未找到您今天的预约，请核对预约码，或直接取号',
    en: 'No booking found for today: check the code, or take a ticket',
  },
  unknownCode: { zh: '无法识别此二维码', en: 'This code is not recognised' },
  collectEntry: { zh: '领取办结材料 / 取件', en: 'Collect your documents' },
  collectTitle: { zh: '领取办结材料', en: 'Collect your documents' },
  collectHowTo: {
    zh: '请将号票上的二维码对准扫码口，领取出件号',
    en: 'Hold the QR code on your ticket to the scanner to get a collection number',
  },
  collectWhy: {
    zh: '为保护您的材料，只能扫描号票二维码领取，不能输入号码',
    en: 'To protect your documents, only the QR code on your ticket works, not the number',
  },
  collecting: { zh: '正在领取出件号，请稍候…', en: 'Getting your collection number…' },
  collectNote: {
    zh: '这是您的出件号：请留意叫号，到窗口领取办结材料',
    en: 'Your collection number: wait for the call, then collect your documents',
  },
  collectNotReady: {
    zh: '材料尚未办结，未到取件时间。办结后会通知您，也可扫码查看进度',
    en: 'Your documents are not ready yet; you will be told when they are',
  },
  scanHint: { zh: '扫描号票二维码可查看排队进度', en: 'Scan your ticket to see your place' },
} satisfies Record<string, Text>;

export const STATUS_TEXT: Record<string, Text> = {
  waiting: { zh: '等候中', en: 'Waiting' },
  called: { zh: '轮到您了', en: 'It is your turn' },
  serving: { zh: '正在办理', en: 'Being served' },
  done: { zh: '已办结', en: 'Done' },
  'no-show': { zh: '已过号，请到服务台咨询', en: 'Missed: ask at the service desk' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  expired: { zh: '已过期', en: 'Expired' },
};

export const PRIORITY_TEXT: Record<PriorityClass, Text> = {
  appointment: { zh: '预约优先', en: 'Appointment' },
  elderly: { zh: '老年人优先', en: 'Priority: senior citizen' },
  disabled: { zh: '残疾人优先', en: 'Priority: disability' },
  pregnant: { zh: '孕妇优先', en: 'Priority: pregnancy' },
  military: { zh: '军人优先', en: 'Priority: military' },
};

/** 一件事一次办 (kiosk/src/renderer/bundles.ts). */
export const BUNDLE_TEXT = {
  entry: { zh: '一件事一次办', en: 'One visit for a life event' },
  choose: { zh: '请选择您要办的“一件事”', en: 'Choose what you need to get done' },
  entryHint: {
    zh: '一次取号，按步骤到各窗口办理，无需重复排队',
    en: 'One ticket for every step: no queueing again',
  },
  steps: { zh: '办理步骤', en: 'Steps' },
  stepCount: { zh: '共 {n} 步', en: '{n} steps' },
  optional: { zh: '可选', en: 'optional' },
  required: { zh: '必办', en: 'required' },
  /** An optional step's two states on its toggle. */
  wanted: { zh: '需要办理', en: 'needed' },
  notWanted: { zh: '不需要', en: 'not needed' },
  chooseSteps: {
    zh: '点“可选”步骤，选择是否需要办理',
    en: 'Touch an optional step: needed or not',
  },
  materialsNow: { zh: '需备齐材料 {n} 项', en: '{n} documents to bring' },
  materials: { zh: '请备齐以下全部材料（一次性告知）', en: 'Bring all of these' },
  confirm: { zh: '确认取号（一号办到底）', en: 'Take one ticket for all steps' },
  slipSteps: {
    zh: '办完一步后请看大厅屏幕或扫码，到下一步窗口，无需重新取号',
    en: 'After each step, go on to the next window: no new ticket needed',
  },
} satisfies Record<string, Text>;

export function fill(text: Text, values: Record<string, string | number>): Text {
  const apply = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
  return { zh: apply(text.zh), en: apply(text.en) };
}

const DIGITS = '零一二三四五六七八九';

/** "A001" → "A 零 零 一": a number read out one sign at a time, as halls call them. */
export function spokenNumber(number: string): string {
  return [...number].map((c) => (/\d/.test(c) ? DIGITS[Number(c)] : c)).join(' ');
}
