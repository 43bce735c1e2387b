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
];
