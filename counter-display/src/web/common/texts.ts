import type { WindowDisplayStatus } from '../../../../shared/src/domain/hall-state';

/** How a window's state reads on the displays (colour class, Chinese, English). */
export const WINDOW_STATUS: Record<
  WindowDisplayStatus,
  { tone: 'busy' | 'calling' | 'idle' | 'paused' | 'closed'; zh: string; en: string }
> = {
  calling: { tone: 'calling', zh: '叫号中', en: 'Calling' },
  serving: { tone: 'busy', zh: '办理中', en: 'Serving' },
  idle: { tone: 'idle', zh: '空闲', en: 'Free' },
  paused: { tone: 'paused', zh: '暂停服务', en: 'Paused' },
  closed: { tone: 'closed', zh: '未开放', en: 'Closed' },
};

export const OFFLINE = { zh: '网络连接中断，正在重连…', en: 'Connection lost, reconnecting…' };

/** What the hall's phase means for people waiting (the board's notices line). */
export function phaseNotice(
  phase: string,
  sessions: { open: string; close: string }[],
): string | null {
  const first = sessions[0];
  const last = sessions[sessions.length - 1];
  switch (phase) {
    case 'before-open':
      return first ? `今日 ${first.open} 开始取号办理` : null;
    case 'break': {
      return '午间休息，暂停取号，请稍候';
    }
    case 'open-no-tickets':
      return last
        ? `今日取号已结束（${last.close} 下班），已取号的群众请耐心等候`
        : '今日取号已结束';
    case 'after-close':
      return '今日办公时间已结束，欢迎明日再来';
    case 'closed-day':
      return '今日休息，不办理业务';
    default:
      return null;
  }
}

/** The board's standing notices (override with ?notice=… on the URL, repeatable). */
export const DEFAULT_NOTICES = [
  '请留意叫号，听到号码后请到对应窗口办理；过号请到服务台咨询',
  '老年人、残疾人、孕妇等可到服务台申请帮办代办服务',
  '办理结束后请在窗口评价器上对本次服务进行“好差评”',
  '请妥善保管个人证件与信息，工作人员不会索要密码或验证码',
];
