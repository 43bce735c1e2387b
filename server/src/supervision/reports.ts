import { createRequire } from 'node:module';
import type * as ExcelJSModule from 'exceljs';
import { HallError, type DomainEvent, type HallConfig } from '../../../shared/src/domain';
import {
  addDays,
  dayDiff,
  daysBetween,
  GROUP_HEAD_ZH,
  GROUPING_ZH,
  isCalendarDay,
  REPORT_COLUMNS,
  reportBuilder,
  reportCell,
  startOfDay,
  type Report,
  type ReportEventRow,
  type ReportGrouping,
  type ReportRow,
  type WindowStartState,
} from '../../../shared/src/supervision';
import type { Db } from '../store/db';

/** The longest range one report covers. */
export const MAX_REPORT_DAYS = 366;

/**
 * Reads what a report needs from the event log and computes it (shared/src/supervision/
 * reports.ts): the events of the tickets issued on the range's days, the window and day
 * events within it, and where each window stood when it began. One day at a time, with
 * other work let in between: a month of a busy hall is some hundred thousand events.
 */
export async function buildReport(
  db: Db,
  config: HallConfig,
  query: { from: string; to: string; by: ReportGrouping },
  now: number,
  clerkLabels: Record<string, string>,
): Promise<Report> {
  const problems: { path: string; message: string }[] = [];
  if (!isCalendarDay(query.from)) problems.push({ path: 'from', message: 'not a calendar day' });
  if (!isCalendarDay(query.to)) problems.push({ path: 'to', message: 'not a calendar day' });
  if (problems.length === 0 && query.to < query.from)
    problems.push({ path: 'to', message: 'to is before from' });
  if (problems.length === 0 && dayDiff(query.from, query.to) >= MAX_REPORT_DAYS)
    problems.push({ path: 'to', message: `at most ${MAX_REPORT_DAYS} days` });
  if (problems.length > 0) throw new HallError('VALIDATION_FAILED', { problems });

  const start = startOfDay(query.from, config.timeZone);
  const ofDay = db.prepare(
    `SELECT seq, data FROM events
       WHERE ticket_id IN (SELECT id FROM tickets WHERE day = ?)
     UNION ALL
     SELECT seq, data FROM events WHERE ticket_id IS NULL AND at >= ? AND at < ?
     ORDER BY seq`,
  );

  const lastState = db.prepare(
    `SELECT type, data FROM events
       WHERE window_id = ? AND at < ?
         AND type IN ('window.opened', 'window.closed', 'window.paused', 'window.resumed')
       ORDER BY seq DESC LIMIT 1`,
  );
  const lastOpened = db.prepare(
    `SELECT data FROM events WHERE window_id = ? AND at < ? AND type = 'window.opened'
       ORDER BY seq DESC LIMIT 1`,
  );
  const windowsAtStart: WindowStartState[] = config.windows.map((w) => {
    const last = lastState.get(w.id, start) as { type: string } | undefined;
    if (!last || last.type === 'window.closed')
      return { windowId: w.id, status: 'closed', clerkId: null };
    const opened = lastOpened.get(w.id, start) as { data: string } | undefined;
    const clerkId = opened
      ? (JSON.parse(opened.data) as Extract<DomainEvent, { type: 'window.opened' }>).clerkId
      : null;
    return { windowId: w.id, status: last.type === 'window.paused' ? 'paused' : 'open', clerkId };
  });

  const builder = reportBuilder({
    config,
    from: query.from,
    to: query.to,
    by: query.by,
    windowsAtStart,
    now,
    clerkLabels,
  });
  for (const day of daysBetween(query.from, query.to)) {
    const rows = ofDay.all(
      day,
      startOfDay(day, config.timeZone),
      startOfDay(addDays(day, 1), config.timeZone),
    ) as { seq: number; data: string }[];
    const events: ReportEventRow[] = rows.map((r) => ({
      seq: r.seq,
      event: JSON.parse(r.data) as DomainEvent,
    }));
    builder.add(events);
    if (rows.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return builder.finish();
}

function headings(report: Report): string[] {
  return [GROUP_HEAD_ZH[report.by], ...REPORT_COLUMNS.map(([, zh]) => zh)];
}

function cells(row: ReportRow): (string | number | null)[] {
  return [row.label, ...REPORT_COLUMNS.map(([field]) => reportCell(row, field))];
}

export function reportFileName(report: Report, ext: 'csv' | 'xlsx'): string {
  const range = report.from === report.to ? report.from : `${report.from}至${report.to}`;
  return `电子监察报表-${GROUPING_ZH[report.by]}-${range}.${ext}`;
}

/** CSV for Excel and WPS: UTF-8 with a byte-order mark, CRLF, every text quoted. */
export function reportCsv(report: Report): string {
  const quote = (v: string | number | null) =>
    v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`;
  const lines = [headings(report), ...report.rows.map(cells), cells(report.total)].map((row) =>
    row.map(quote).join(','),
  );
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** XLSX: the table (title, headings, rows, total) and the day-by-day figures. */
export async function reportXlsx(report: Report): Promise<Buffer> {
  // Loaded on first use: exceljs is a third of the server's start-up, and an XLSX export rare.
  const ExcelJS = createRequire(__filename)('exceljs') as typeof ExcelJSModule;
  const book = new ExcelJS.Workbook();
  book.creator = 'hallq';
  const sheet = book.addWorksheet('报表');
  const range = report.from === report.to ? report.from : `${report.from} 至 ${report.to}`;
  sheet.addRow([`${report.hallName} 电子监察报表（${GROUPING_ZH[report.by]}） ${range}`]).font = {
    bold: true,
    size: 14,
  };
  const head = sheet.addRow(headings(report));
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  for (const row of report.rows) sheet.addRow(cells(row));
  sheet.addRow(cells(report.total)).font = { bold: true };
  sheet.columns.forEach((column, i) => {
    column.width = i === 0 ? 24 : 11;
  });
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 2 }];

  const days = book.addWorksheet('每日');
  days.addRow(['日期', '取号量', '办结量', '过号']).font = { bold: true };
  for (const d of report.days) days.addRow([d.day, d.issued, d.served, d.noShows]);
  days.columns.forEach((column, i) => {
    column.width = i === 0 ? 14 : 10;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
