/** The booking page's words (预约办): Chinese first, English beneath for visitors. */
export interface Text {
  zh: string;
  en: string;
}

export const TEXT = {
  title: { zh: '预约办事', en: 'Book a visit' },
  intro: {
    zh: '选择事项和时段，到时在大厅自助取号机扫码或刷身份证签到，优先办理',
    en: 'Pick a service and a time; check in at the hall kiosk and be served near your slot',
  },
  newBooking: { zh: '我要预约', en: 'Make a booking' },
  manage: { zh: '查询 / 改约 / 取消', en: 'Find, move or cancel' },
  codeLabel: { zh: '预约码', en: 'Booking code' },
  codePlaceholder: { zh: '8位预约码', en: '8-character code' },
  find: { zh: '查询', en: 'Find' },
  chooseService: { zh: '第一步：选择办理事项', en: 'Step 1: choose the service' },
  chooseSlot: { zh: '第二步：选择日期和时段', en: 'Step 2: choose a day and a time' },
  yourDetails: { zh: '第三步：填写信息', en: 'Step 3: your details' },
  idNumber: { zh: '身份证号码', en: 'ID card number' },
  phone: { zh: '手机号码', en: 'Mobile number' },
  idHint: {
    zh: '签到时可刷此身份证；号码不会被保存',
    en: 'You may check in with this ID card; the number is not kept',
  },
  submit: { zh: '确认预约', en: 'Book' },
  back: { zh: '返回', en: 'Back' },
  today: { zh: '今天', en: 'Today' },
  closed: { zh: '休息', en: 'Closed' },
  full: { zh: '已约满', en: 'Full' },
  past: { zh: '已过', en: 'Past' },
  left: { zh: '余 {n}', en: '{n} left' },
  noSlots: { zh: '当天不办公，请选择其他日期', en: 'Closed that day: choose another' },
  booked: { zh: '预约成功', en: 'Booked' },
  showCode: {
    zh: '请保存预约码或截图二维码，到时在自助取号机扫码签到',
    en: 'Keep the code or a screenshot of the QR code: scan it at the kiosk',
  },
  checkInWindow: {
    zh: '签到时间：{day} {from}–{to}',
    en: 'Check in on {day} from {from} to {to}',
  },
  lateRule: {
    zh: '超过签到时间将取普通号；{window}天内{limit}次预约未到，暂停预约{block}天',
    en: 'Late: an ordinary ticket. {limit} no-shows in {window} days suspend booking for {block} days',
  },
  service: { zh: '事项', en: 'Service' },
  when: { zh: '时段', en: 'Time' },
  phoneShown: { zh: '手机', en: 'Mobile' },
  status: { zh: '状态', en: 'Status' },
  move: { zh: '改约', en: 'Move' },
  cancel: { zh: '取消预约', en: 'Cancel booking' },
  confirmCancel: { zh: '确定取消这个预约吗？', en: 'Cancel this booking?' },
  yesCancel: { zh: '确定取消', en: 'Yes, cancel' },
  keep: { zh: '不取消', en: 'Keep it' },
  moveTitle: { zh: '改约：选择新的日期和时段', en: 'Move: choose a new day and time' },
  ticket: { zh: '已签到，号码 {number}', en: 'Checked in: ticket {number}' },
  failed: { zh: '网络异常，请稍后再试', en: 'Network problem: try again' },
  done: { zh: '完成', en: 'Done' },
} satisfies Record<string, Text>;

export const STATUS_TEXT: Record<string, Text> = {
  booked: { zh: '已预约', en: 'Booked' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  'checked-in': { zh: '已签到', en: 'Checked in' },
  late: { zh: '逾时签到（普通号）', en: 'Checked in late (ordinary ticket)' },
  'no-show': { zh: '预约未到', en: 'Missed' },
};

export const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export function fill(text: Text, values: Record<string, string | number>): Text {
  const apply = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
  return { zh: apply(text.zh), en: apply(text.en) };
}
