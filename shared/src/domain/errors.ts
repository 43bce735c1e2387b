/**
 * Every refusal the hall can give, with its HTTP status and the message in Chinese and
 * English. The one table both the server's answers and the clients' screens read.
 */
export const ERRORS = {
  // input
  VALIDATION_FAILED: { status: 400, zh: '请求内容不正确', en: 'The request is not valid' },
  BAD_JSON: { status: 400, zh: '请求不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    zh: '请求内容编码不受支持，请使用 UTF-8 JSON',
    en: 'Unsupported body encoding: send UTF-8 JSON',
  },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'The request body is too large' },
  ID_NUMBER_INVALID: {
    status: 400,
    zh: '身份证号码格式不正确',
    en: 'The ID number is not well formed',
  },
  ID_NUMBER_REGION: {
    status: 400,
    zh: '身份证号码地区码不正确',
    en: 'The ID number has no valid region code',
  },
  ID_NUMBER_BIRTH_DATE: {
    status: 400,
    zh: '身份证号码出生日期不正确',
    en: 'The ID number has no valid birth date',
  },
  ID_NUMBER_CHECK_DIGIT: {
    status: 400,
    zh: '身份证号码校验位不正确，请核对',
    en: 'The ID number check digit is wrong',
  },
  // access
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Log in first' },
  LOGIN_FAILED: { status: 401, zh: '用户名或密码不正确', en: 'Wrong user name or password' },
  LOGIN_RATE_LIMITED: {
    status: 429,
    zh: '登录尝试过多，请稍后再试',
    en: 'Too many login attempts, try again later',
  },
  FORBIDDEN: { status: 403, zh: '无权进行此操作', en: 'You may not do this' },
  NOT_YOUR_WINDOW: {
    status: 403,
    zh: '只能在登录的窗口操作',
    en: 'You may act only at the window you are logged in at',
  },
  WINDOW_REQUIRED: {
    status: 400,
    zh: '窗口人员登录需选择窗口',
    en: 'A clerk logs in at a window: give windowId',
  },
  WINDOW_TAKEN: {
    status: 409,
    zh: '该窗口已有其他人员登录',
    en: 'Another clerk is logged in at this window',
  },
  ENROLLMENT_RATE_LIMITED: {
    status: 429,
    zh: '设备注册尝试过多，请稍后再试',
    en: 'Too many enrollment attempts, try again later',
  },
  USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'This user name is already taken' },
  ENROLLMENT_CODE_INVALID: {
    status: 401,
    zh: '设备注册码无效或已使用',
    en: 'The enrollment code is invalid or used',
  },
  // things that do not exist
  NOT_FOUND: { status: 404, zh: '未找到', en: 'Not found' },
  SERVICE_NOT_FOUND: { status: 404, zh: '没有该事项', en: 'No such service' },
  WINDOW_NOT_FOUND: { status: 404, zh: '没有该窗口', en: 'No such window' },
  TICKET_NOT_FOUND: { status: 404, zh: '没有该号码', en: 'No such ticket' },
  // hall rules
  HALL_NOT_ISSUING: { status: 409, zh: '当前不在取号时间', en: 'Tickets are not being issued now' },
  OUTSIDE_HOURS: {
    status: 409,
    zh: '已过办公时间，如需继续办理请开启延时服务',
    en: 'Outside opening hours: turn on extended hours to go on',
  },
  ALREADY_HAS_TICKET: {
    status: 409,
    zh: '您已有该事项的号码，请勿重复取号',
    en: 'This person already holds a ticket for this service',
  },
  DAILY_CAP_REACHED: {
    status: 409,
    zh: '今日取号次数已达上限',
    en: 'This person has reached today\u2019s ticket limit',
  },
  NUMBERS_EXHAUSTED: {
    status: 409,
    zh: '该事项今日号码已取完',
    en: 'No numbers are left today for this service',
  },
  // windows and tickets
  WINDOW_CLOSED: { status: 409, zh: '窗口未开启，请先登录', en: 'The window is not open' },
  WINDOW_PAUSED: {
    status: 409,
    zh: '窗口暂停服务中，请先恢复',
    en: 'The window is paused: resume first',
  },
  WINDOW_BUSY: {
    status: 409,
    zh: '请先办结、转交或过号当前号码',
    en: 'Finish, transfer or skip the current ticket first',
  },
  WINDOW_IDLE: { status: 409, zh: '窗口当前没有号码', en: 'The window has no current ticket' },
  WINDOW_NOT_PAUSED: { status: 409, zh: '窗口未暂停', en: 'The window is not paused' },
  TICKET_NOT_CALLED: {
    status: 409,
    zh: '该号码尚未叫号或已开始办理',
    en: 'The ticket is not in the called state',
  },
  RECALL_LIMIT: {
    status: 409,
    zh: '重呼次数已满，请做过号处理',
    en: 'Recall limit reached: mark the ticket as a no-show',
  },
  TICKET_NOT_ACTIVE: {
    status: 409,
    zh: '该号码已办结或失效',
    en: 'The ticket is no longer active',
  },
  TICKET_NOT_NO_SHOW: { status: 409, zh: '该号码不是过号状态', en: 'The ticket is not a no-show' },
  NO_SHOW_GRACE_PASSED: {
    status: 409,
    zh: '已超过过号重排时限，请重新取号',
    en: 'The no-show grace period has passed: take a new ticket',
  },
  NO_SHOW_RETURNS_USED: {
    status: 409,
    zh: '该号码已重排过，请重新取号',
    en: 'This ticket has already come back once: take a new ticket',
  },
  TICKET_NOT_DONE: {
    status: 409,
    zh: '该号码尚未办结，暂不能评价',
    en: 'The ticket is not done yet: nothing to rate',
  },
  ALREADY_RATED: {
    status: 409,
    zh: '该号码已评价，感谢您的反馈',
    en: 'This ticket has already been rated',
  },
  RATING_WRONG_WINDOW: {
    status: 409,
    zh: '该号码不是在本窗口办理的',
    en: 'This ticket was not served at this window',
  },
  TRANSFER_TARGET_INVALID: {
    status: 400,
    zh: '转交目标无效',
    en: 'The transfer target is not valid',
  },
  // the server
  UNAVAILABLE: {
    status: 503,
    zh: '服务暂不可用，请到服务台',
    en: 'The service is unavailable: please go to the service desk',
  },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** A refusal by the hall's rules or the API: carries a code from ERRORS. */
export class HallError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: Record<string, unknown>,
  ) {
    const entry = ERRORS[code];
    super(`${entry.zh} (${entry.en})`);
    this.name = 'HallError';
    this.status = entry.status;
  }
}

export function isHallError(error: unknown): error is HallError {
  return error instanceof HallError;
}
