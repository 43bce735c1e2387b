import type { PriorityClass, WindowKind } from '../domain/hall-config';
import type { RatingLevel, TicketStatus } from '../domain/ticket';
import type { ReportGrouping, ReportRow } from './reports';
import type { WarningKind } from './warnings';

/**
 * Chinese words of supervision, shared by the exports (CSV, XLSX) and the consoles, so a
 * figure is called the same everywhere.
 */

export const GROUPING_ZH: Record<ReportGrouping, string> = {
  service: '按事项',
  window: '按窗口',
  clerk: '按工作人员',
  area: '按服务区',
};

export const GROUP_HEAD_ZH: Record<ReportGrouping, string> = {
  service: '事项',
  window: '窗口',
  clerk: '工作人员',
  area: '服务区',
};

export const RATING_ZH: Record<RatingLevel, string> = {
  'very-satisfied': '非常满意',
  satisfied: '满意',
  basic: '基本满意',
  dissatisfied: '不满意',
  'very-dissatisfied': '非常不满意',
};

export const PRIORITY_ZH: Record<PriorityClass, string> = {
  appointment: '预约',
  elderly: '老年人',
  disabled: '残疾人',
  pregnant: '孕妇',
  military: '军人',
};

export const WINDOW_KIND_ZH: Record<WindowKind, string> = {
  comprehensive: '综合窗口',
  classified: '分类受理窗口',
  specialised: '专业窗口',
  output: '出件窗口',
  help: '帮办代办窗口',
  escalation: '办不成事窗口',
};

export const TICKET_STATUS_ZH: Record<TicketStatus, string> = {
  waiting: '等候中',
  called: '已叫号',
  serving: '办理中',
  done: '已办结',
  'no-show': '过号',
  cancelled: '已取消',
  expired: '已过期',
};

export const WARNING_KIND_ZH: Record<WarningKind, string> = {
  'long-wait': '等候超时',
  'idle-with-queue': '窗口空闲有排队',
  'long-pause': '暂停超时',
  overtime: '办理超时',
  'printer-paper': '打印机缺纸',
  'device-fault': '设备故障',
  'device-offline': '设备离线',
  'case-overdue': '回访整改超期',
};

/** Report columns in export order: [field, Chinese heading]. */
export const REPORT_COLUMNS: readonly [
  Exclude<keyof ReportRow, 'key' | 'label' | 'ratings'> | `rating:${RatingLevel}`,
  string,
][] = [
  ['issued', '取号量'],
  ['called', '叫号量'],
  ['served', '办结量'],
  ['noShows', '过号'],
  ['transfers', '转出（转交/分流）'],
  ['cancelled', '取消'],
  ['waitMeanMinutes', '平均等候（分钟）'],
  ['waitP90Minutes', '90%等候（分钟）'],
  ['serviceMeanMinutes', '平均办理（分钟）'],
  ['timeLimitBreaches', '超时办结'],
  ['idleMinutes', '空闲（分钟）'],
  ['pauseMinutes', '暂停（分钟）'],
  ['rating:very-satisfied', '非常满意'],
  ['rating:satisfied', '满意'],
  ['rating:basic', '基本满意'],
  ['rating:dissatisfied', '不满意'],
  ['rating:very-dissatisfied', '非常不满意'],
  ['ratingsTotal', '评价数'],
  ['goodRate', '好评率（%）'],
];

/** One cell of a report row by column field: a number, or null for "not applicable". */
export function reportCell(
  row: ReportRow,
  field: (typeof REPORT_COLUMNS)[number][0],
): number | null {
  if (field.startsWith('rating:')) return row.ratings[field.slice(7) as RatingLevel];
  return row[field as Exclude<typeof field, `rating:${string}`>];
}
