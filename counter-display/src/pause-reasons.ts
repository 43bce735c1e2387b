/** Reasons offered when a window pauses: the console's buttons and the keypad's numbers 1–5. */
export const PAUSE_REASONS = ['临时离开', '业务咨询', '系统维护', '会议学习', '用餐休息'] as const;
