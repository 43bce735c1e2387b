import type { RatingLevel, TicketStatus } from '../../../../shared/src/domain/ticket';

/** The page's words: Chinese first, English beneath for visitors. */
export const TEXT = {
  title: { zh: '我的排队进度', en: 'My place in the queue' },
  ahead: { zh: '前面还有', en: 'ahead of you' },
  people: { zh: '人', en: '' },
  wait: { zh: '预计等待', en: 'estimated wait' },
  minutes: { zh: '分钟', en: 'min' },
  goTo: { zh: '请到 {window} 号窗口办理', en: 'Please go to window {window}' },
  notFound: { zh: '未找到该号码，请核对号票', en: 'Ticket not found: check your slip' },
  offline: { zh: '网络连接中断，正在重连…', en: 'Connection lost, reconnecting…' },
  issuedAt: { zh: '取号时间', en: 'issued' },
  rate: { zh: '请对本次服务进行评价（好差评）', en: 'Please rate the service' },
  thanks: { zh: '感谢您的评价', en: 'Thank you for your rating' },
  rateFailed: { zh: '评价未能提交，请稍后再试', en: 'The rating could not be sent, try again' },
} as const;

export const STATUS_TEXT: Record<TicketStatus, { zh: string; en: string }> = {
  waiting: { zh: '等候中', en: 'Waiting' },
  called: { zh: '轮到您了', en: 'It is your turn' },
  serving: { zh: '正在办理', en: 'Being served' },
  done: { zh: '已办结，请对本次服务进行评价', en: 'Done: please rate the service' },
  'no-show': { zh: '已过号，请到服务台咨询', en: 'Missed: please ask at the service desk' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  expired: { zh: '已过期', en: 'Expired' },
};

/** 好差评 levels, best first, as the national scheme words them. */
export const RATING_TEXT: Record<RatingLevel, { zh: string; en: string }> = {
  'very-satisfied': { zh: '非常满意', en: 'Very satisfied' },
  satisfied: { zh: '满意', en: 'Satisfied' },
  basic: { zh: '基本满意', en: 'Fairly satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
  'very-dissatisfied': { zh: '非常不满意', en: 'Very dissatisfied' },
};
