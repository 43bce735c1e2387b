import path from 'node:path';
import type { UiApp } from './ui';

const ROOT = path.join(__dirname, '..', '..', '..');

/**
 * The web clients the hall server serves. Each client folder owns its entry; pages not
 * listed here still answer with the placeholder in pages.ts.
 */
export const UI_APPS: UiApp[] = [
  {
    name: 'ticket-status',
    entry: path.join(ROOT, 'server', 'src', 'web', 'ticket-status', 'main.ts'),
    title: '我的排队进度',
    paths: ['/t/:ticketId'],
  },
  // 预约办 (issue 8, docs/appointments.md): booking on a phone.
  {
    name: 'book',
    entry: path.join(ROOT, 'server', 'src', 'web', 'book', 'main.ts'),
    title: '预约办事',
    paths: ['/book'],
  },
  // kiosk/: the self-service kiosk (issue 4, docs/kiosk.md); Electron loads the same page.
  {
    name: 'kiosk',
    entry: path.join(ROOT, 'kiosk', 'src', 'renderer', 'main.ts'),
    title: '自助取号机',
    paths: ['/kiosk'],
  },
  // counter-display/: the hall's displays and the clerk's caller (docs/displays.md).
  {
    name: 'board',
    entry: path.join(ROOT, 'counter-display', 'src', 'web', 'board', 'main.ts'),
    title: '大厅综合屏',
    paths: ['/board'],
    assets: path.join(ROOT, 'counter-display', 'voice-pack'),
  },
  {
    name: 'window-screen',
    entry: path.join(ROOT, 'counter-display', 'src', 'web', 'window-screen', 'main.ts'),
    title: '窗口屏',
    paths: ['/window/:number'],
    assets: path.join(ROOT, 'counter-display', 'voice-pack'),
  },
  {
    name: 'rating',
    entry: path.join(ROOT, 'counter-display', 'src', 'web', 'rating', 'main.ts'),
    title: '好差评评价器',
    paths: ['/rating/:number'],
  },
  {
    name: 'clerk',
    entry: path.join(ROOT, 'counter-display', 'src', 'web', 'clerk', 'main.ts'),
    title: '窗口叫号',
    paths: ['/clerk'],
  },
  // Supervision and administration (issue 6, docs/supervision.md).
  {
    name: 'guide',
    entry: path.join(ROOT, 'server', 'src', 'web', 'guide', 'main.ts'),
    title: '导服台',
    paths: ['/guide'],
  },
  {
    name: 'reports',
    entry: path.join(ROOT, 'server', 'src', 'web', 'reports', 'main.ts'),
    title: '电子监察与统计',
    paths: ['/reports'],
  },
  {
    name: 'admin',
    entry: path.join(ROOT, 'server', 'src', 'web', 'admin', 'main.ts'),
    title: '大厅管理',
    paths: ['/admin'],
  },
  // 布局优化: the layout advisor for managers (docs/supervision.md).
  {
    name: 'advisor',
    entry: path.join(ROOT, 'server', 'src', 'web', 'advisor', 'main.ts'),
    title: '布局优化',
    paths: ['/advisor'],
  },
];
