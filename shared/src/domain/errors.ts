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
  STAFF_NUMBER_TAKEN: {
    status: 409,
    zh: '工号已被其他人员使用',
    en: 'This staff number is already used by someone else',
  },
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
  // 预约办 (issue 8)
  APPOINTMENTS_DISABLED: {
    status: 404,
    zh: '本大厅暂未开放预约',
    en: 'This hall takes no bookings',
  },
  BOOKING_NOT_FOUND: {
    status: 404,
    zh: '未找到该预约，请核对预约码',
    en: 'No such booking: check the booking code',
  },
  BOOKING_SLOT_INVALID: {
    status: 400,
    zh: '该时段不可预约，请重新选择',
    en: 'This slot cannot be booked: choose another',
  },
  BOOKING_SLOT_FULL: {
    status: 409,
    zh: '该时段已约满，请选择其他时段',
    en: 'This slot is fully booked: choose another',
  },
  BOOKING_DUPLICATE: {
    status: 409,
    zh: '您已预约该事项当天的时段',
    en: 'You already have a booking for this service on that day',
  },
  BOOKING_OPEN_LIMIT: {
    status: 409,
    zh: '您的有效预约已达上限，请先办理或取消已有预约',
    en: 'You hold the most open bookings allowed: use or cancel one first',
  },
  BOOKING_BLOCKED: {
    status: 403,
    zh: '因多次预约未到，暂停网上预约',
    en: 'Booking is suspended after repeated no-shows',
  },
  BOOKING_NOT_ACTIVE: {
    status: 409,
    zh: '该预约已取消、已签到或已过期',
    en: 'This booking is cancelled, checked in or expired',
  },
  BOOKING_TOO_EARLY: {
    status: 409,
    zh: '还未到签到时间，请在签到时间内再来',
    en: 'Too early to check in: come back when check-in opens',
  },
  BOOKING_NOT_TODAY: {
    status: 409,
    zh: '该预约不是今天的',
    en: 'This booking is not for today',
  },
  BOOKING_RATE_LIMITED: {
    status: 429,
    zh: '操作过于频繁，请稍后再试',
    en: 'Too many attempts, try again later',
  },
  PHONE_INVALID: { status: 400, zh: '手机号码格式不正确', en: 'The mobile number is not valid' },
  // 一件事一次办 bundles
  BUNDLE_NOT_FOUND: { status: 404, zh: '没有这个一件事主题', en: 'No such bundle' },
  NOT_A_BUNDLE: {
    status: 409,
    zh: '该号不是一件事一次办的号',
    en: 'This ticket is not a bundle ticket',
  },
  BUNDLE_STEP_NOT_FOUND: {
    status: 404,
    zh: '该事项不在这件事的步骤中',
    en: 'This service is not a step of the bundle',
  },
  BUNDLE_STEP_EXISTS: {
    status: 409,
    zh: '该事项已在这件事的步骤中，不能重复办理',
    en: 'This service is already a step of the bundle: no step is served twice',
  },
  BUNDLE_STEP_REQUIRED: {
    status: 409,
    zh: '必办步骤不能跳过',
    en: 'A required step cannot be skipped',
  },
  BUNDLE_STEP_NOT_PENDING: {
    status: 409,
    zh: '该步骤已办结、已跳过或正在办理',
    en: 'This step is done, skipped or being served now',
  },
  // the server
  UNAVAILABLE: {
    status: 503,
    zh: '服务暂不可用，请到服务台',
    en: 'The service is unavailable: please go to the service desk',
  },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
  // the layout advisor (issue 6)
  ADVISOR_BUSY: {
    status: 409,
    zh: '布局优化正在计算中，请等待当前任务完成',
    en: 'The layout advisor is already running a job',
  },
  ADVISOR_NO_DATA: {
    status: 409,
    zh: '没有可用的历史取号记录，无法估算业务量',
    en: 'No recorded tickets of past days to estimate a workload from',
  },
  // 无声叫号 / 出件 (issue 8)
  SMS_NOT_AVAILABLE: {
    status: 409,
    zh: '本大厅未开通短信提醒',
    en: 'This hall sends no text messages',
  },
  TICKET_NOT_FINISHED: {
    status: 409,
    zh: '该号尚未办结，不能标记为可取件',
    en: 'The ticket is not finished yet: it cannot be ready for collection',
  },
  NOT_READY_FOR_COLLECTION: {
    status: 409,
    zh: '办理结果尚未可取，请留意通知',
    en: 'The result is not ready for collection yet',
  },
  SMS_RATE_LIMITED: {
    status: 429,
    zh: '提交次数过多，请稍后再试',
    en: 'Too many numbers sent from here: try again later',
  },
  NO_OUTPUT_SERVICE: {
    status: 409,
    zh: '本大厅未设置出件窗口',
    en: 'This hall has no output (collection) service',
  },
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
