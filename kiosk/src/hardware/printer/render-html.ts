import QRCode from 'qrcode';
import type { PrintedSlip } from './decoder';

/**
 * A picture of a printed slip: the decoded ESC/POS (see decoder.ts) laid out as thermal
 * paper, 576 dots wide (80 mm at 203 dpi), font A 12×24 dots, a Hanzi 24×24, character
 * sizes and QR module sizes in printer dots. A browser turns it into a PNG (the docs'
 * slip picture, scripts/screenshots/kiosk.ts); a person can read what was printed.
 */
export async function slipHtml(slip: PrintedSlip, paperDots = 576): Promise<string> {
  const escape = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const rows: string[] = [];
  for (const item of slip.items) {
    if (item.kind === 'qr') {
      const qr = QRCode.create(item.data, { errorCorrectionLevel: item.level });
      const size = qr.modules.size * item.moduleSize;
      const svg = await QRCode.toString(item.data, {
        type: 'svg',
        errorCorrectionLevel: item.level,
        margin: 0,
        width: size,
      });
      rows.push(
        `<div class="row qr" style="text-align:${item.align}"><span style="display:inline-block;width:${size}px;height:${size}px">${svg}</span></div>`,
      );
      continue;
    }
    const style = [
      `text-align:${item.align}`,
      `font-size:${24 * item.height}px`,
      `line-height:${30 * item.height}px`,
      item.bold ? 'font-weight:bold' : '',
    ].join(';');
    const scale =
      item.width !== item.height
        ? `transform:scaleX(${item.width / item.height});transform-origin:${item.align}`
        : '';
    rows.push(
      `<div class="row" style="${style}"><span style="display:inline-block;${scale}">${escape(item.text) || '&nbsp;'}</span></div>`,
    );
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
body{margin:0;background:#d9d4c7;display:flex;justify-content:center;padding:24px}
.paper{width:${paperDots}px;padding:24px 16px 48px;background:#fffdf6;color:#1b1b1b;
font-family:'WenQuanYi Micro Hei Mono','WenQuanYi Micro Hei',monospace;white-space:pre;
box-shadow:0 2px 10px rgba(0,0,0,.25);border-bottom:3px dashed #999}
.row{overflow:hidden}.qr{padding:8px 0}
</style></head><body><div class="paper" data-testid="slip">${rows.join('')}</div></body></html>`;
}
