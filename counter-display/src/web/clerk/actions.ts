import type { WindowDisplayStatus } from '../../../../shared/src/domain/hall-state';

/** The clerk's actions at the window, with their buttons and keyboard shortcuts. */
export type ClerkAction =
  'next' | 'recall' | 'start' | 'finish' | 'no-show' | 'transfer' | 'pause' | 'resume' | 'extended';

export interface ActionInfo {
  action: ClerkAction;
  zh: string;
  en: string;
  /** The key shown on the button. */
  key: string;
  /** KeyboardEvent.code values that trigger it (a letter, and the numeric keypad digit). */
  codes: string[];
}

/**
 * Letters for the keyboard, and the numeric keypad's 1–8 in the same order as a USB caller
 * keypad's keys (main/keypad/keymap.ts), so a keypad that types as a keyboard works here too.
 */
export const ACTIONS: ActionInfo[] = [
  { action: 'next', zh: '叫号', en: 'Call next', key: 'N', codes: ['KeyN', 'Numpad1', 'F1'] },
  { action: 'recall', zh: '重呼', en: 'Recall', key: 'R', codes: ['KeyR', 'Numpad2', 'F2'] },
  { action: 'start', zh: '开始办理', en: 'Start', key: 'S', codes: ['KeyS', 'Numpad3', 'F3'] },
  { action: 'finish', zh: '办结', en: 'Finish', key: 'F', codes: ['KeyF', 'Numpad4', 'F4'] },
  { action: 'no-show', zh: '过号', en: 'No-show', key: 'X', codes: ['KeyX', 'Numpad5', 'F5'] },
  { action: 'transfer', zh: '转交…', en: 'Transfer', key: 'T', codes: ['KeyT', 'Numpad6', 'F6'] },
  { action: 'pause', zh: '暂停…', en: 'Pause', key: 'P', codes: ['KeyP', 'Numpad7', 'F7'] },
  { action: 'resume', zh: '恢复服务', en: 'Resume', key: 'P', codes: [] },
  {
    action: 'extended',
    zh: '延时服务',
    en: 'Extended hours',
    key: 'E',
    codes: ['KeyE', 'Numpad8', 'F8'],
  },
];

/** Whether an action makes sense now (the server decides in the end; this greys buttons out). */
export function enabled(action: ClerkAction, status: WindowDisplayStatus): boolean {
  switch (action) {
    case 'next':
      return status === 'idle';
    case 'recall':
    case 'start':
    case 'no-show':
      return status === 'calling';
    case 'finish':
    case 'transfer':
      return status === 'calling' || status === 'serving';
    case 'pause':
      return status === 'idle';
    case 'resume':
      return status === 'paused';
    case 'extended':
      return status !== 'closed';
  }
}

/** The action a key press asks for: P pauses an open window and resumes a paused one. */
export function actionForKey(
  event: { code: string; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean },
  status: WindowDisplayStatus,
): ClerkAction | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  const found = ACTIONS.find((a) => a.codes.includes(event.code));
  if (!found) return null;
  if (found.action === 'pause' && status === 'paused') return 'resume';
  return found.action;
}

/** Reasons offered when pausing (any other may be typed). */
export { PAUSE_REASONS } from '../../pause-reasons';
