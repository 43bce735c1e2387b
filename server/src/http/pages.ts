import { Router } from 'express';

/** The pages the server will serve, reserved now; each says what it will be. */
const PAGES: { path: string; title: string; purpose: string }[] = [
  {
    path: '/kiosk',
    title: '自助取号机',
    purpose: '选择事项、刷身份证取号、打印号票（一次性告知材料清单）。',
  },
  {
    path: '/board',
    title: '大厅综合屏',
    purpose: '最新叫号、各窗口办理状态、各事项等候人数与预计等待时间。',
  },
  {
    path: '/window/:number',
    title: '窗口屏',
    purpose: '窗口号与名称、受理事项、工作人员、当前办理号码与状态。',
  },
  {
    path: '/rating/:number',
    title: '好差评评价器',
    purpose: '办结后请办事群众评价：非常满意、满意、基本满意、不满意、非常不满意。',
  },
  {
    path: '/clerk',
    title: '窗口叫号',
    purpose: '窗口人员叫号、重呼、开始办理、办结、过号、转交、暂停与延时服务。',
  },
  { path: '/guide', title: '导服台', purpose: '实时查看各队列与窗口，代为取号、分流、设置优先。' },
  { path: '/admin', title: '大厅管理', purpose: '事项、窗口、人员、设备、办公时间与节假日设置。' },
  {
    path: '/reports',
    title: '电子监察与统计',
    purpose: '取号量、等候与办理时长、过号、好差评统计与导出。',
  },
  {
    path: '/t/:ticketId',
    title: '我的排队进度',
    purpose: '号票二维码打开：前面还有几人、预计等待、叫号窗口。',
  },
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, purpose: string, path: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · hallq</title>
<style>body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;margin:0;background:#0b3d6e;color:#fff;
display:flex;min-height:100vh;align-items:center;justify-content:center;text-align:center}
main{max-width:40em;padding:2em}h1{font-size:3em;margin:0 0 .5em}p{font-size:1.5em;line-height:1.6}
code{background:rgba(255,255,255,.15);padding:.1em .4em;border-radius:.2em}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(purpose)}</p>
<p>此页面正在建设中。接口已可用：<code>/api/hall</code>。<br>(This page is reserved at <code>${escapeHtml(path)}</code>.)</p></main></body></html>`;
}

/** Placeholders for the reserved pages no web client serves yet (`built` lists those that do). */
export function pageRoutes(built: readonly string[] = []): Router {
  const router = Router();
  for (const { path, title, purpose } of PAGES) {
    if (built.includes(path)) continue;
    router.get(path, (_req, res) => {
      res.type('html').send(page(title, purpose, path));
    });
  }
  router.get('/', (_req, res) => {
    const links = PAGES.filter((p) => !p.path.includes(':'))
      .map((p) => `<li><a style="color:#fff" href="${p.path}">${escapeHtml(p.title)}</a></li>`)
      .join('');
    res.type('html').send(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>hallq</title></head>
<body style="font-family:sans-serif;background:#0b3d6e;color:#fff;font-size:1.5em;padding:2em"><h1>hallq 政务服务大厅排队叫号</h1><ul>${links}</ul></body></html>`,
    );
  });
  return router;
}
