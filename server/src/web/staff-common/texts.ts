/** Words the staff consoles share (sign-in, errors, units). */
export const COMMON = {
  username: '用户名',
  password: '密码',
  login: '登录',
  loginFailed: '登录失败',
  notForYou: '该账号无权使用此页面',
  requestFailed: '请求失败（{status}）',
  downloadFailed: '下载失败（{status}）',
  close: '关闭',
  ok: '好的',
  minutes: '分',
  items: '项',
  total: '合计',
  fillIn: '请填写内容',
  notJson: '文件不是有效的 JSON',
  to: '至',
} as const;

/** 5 → 5号; with a name: 5号 税务5. */
export const windowNo = (n: number, name?: string): string => (name ? `${n}号 ${name}` : `${n}号`);
