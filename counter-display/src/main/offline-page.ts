import type { DisplayConfig } from './config';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Shown while the hall server cannot be reached (a data: URL, no script). */
export function offlinePage(
  config: DisplayConfig,
  reason: string,
  url: string,
  retryMs: number,
): string {
  const light = config.kind === 'rating-pad' || config.kind === 'caller';
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>hallq</title>
<style>body{margin:0;height:100vh;display:flex;align-items:center;justify-content:center;text-align:center;
font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","Microsoft YaHei",sans-serif;
background:${light ? '#f4f7fb' : '#04152b'};color:${light ? '#10233d' : '#fff'}}
h1{font-size:5vw;margin:0 0 2vw}p{font-size:2vw;opacity:.75;margin:.5vw}</style></head>
<body><main><h1>正在连接服务器…</h1><p>Connecting to the hall server</p>
<p>${escape(url)} · ${escape(reason)}</p><p>${Math.round(retryMs / 1000)} 秒后自动重试</p></main></body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
