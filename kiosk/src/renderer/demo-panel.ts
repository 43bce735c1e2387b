import type { SimControls } from '../device-host/simulated';

/**
 * The demo's device panel (a plain browser only): put an ID card on the simulated reader,
 * empty the printer, scan a code, read the printed slips. A small tab in the corner; hidden
 * with ?panel=0 (screenshots).
 */
export function mountDemoPanel(controls: SimControls): void {
  const panel = document.createElement('div');
  panel.className = 'demo-panel';
  panel.innerHTML = `
    <button type="button" class="demo-toggle" data-demo="toggle">模拟设备 Simulated devices</button>
    <div class="demo-body" hidden>
      <p>身份证 ID card</p>
      <button type="button" data-demo="card-elderly">张建国 (1950)</button>
      <button type="button" data-demo="card-young">李娜 (1992)</button>
      <button type="button" data-demo="card-remove">取走 remove</button>
      <button type="button" data-demo="reader-unplug">拔出读卡器 unplug</button>
      <button type="button" data-demo="reader-plug">插回 plug in</button>
      <p>打印机 Printer</p>
      <button type="button" data-demo="paper-out">缺纸 paper out</button>
      <button type="button" data-demo="paper-near">纸将尽 near end</button>
      <button type="button" data-demo="paper-ok">装纸 paper ok</button>
      <button type="button" data-demo="cover-open">开盖 cover open</button>
      <button type="button" data-demo="cover-closed">合盖 close</button>
      <p>扫码 Scanner</p>
      <button type="button" data-demo="scan-appointment">预约码 appointment</button>
      <pre class="demo-slip" data-demo-slip></pre>
    </div>`;
  document.body.appendChild(panel);
  const body = panel.querySelector<HTMLElement>('.demo-body') as HTMLElement;
  const slip = panel.querySelector<HTMLElement>('[data-demo-slip]') as HTMLElement;
  const showSlip = () => {
    slip.textContent = controls.printed().at(-1) ?? '（尚未打印 nothing printed yet）';
  };
  panel.addEventListener('click', (event) => {
    const action = (event.target as HTMLElement).closest<HTMLElement>('[data-demo]')?.dataset.demo;
    switch (action) {
      case 'toggle':
        body.hidden = !body.hidden;
        showSlip();
        return;
      case 'card-elderly':
        controls.removeCard();
        return controls.insertCard({ name: '张建国', birthDate: '1950-03-08' });
      case 'card-young':
        controls.removeCard();
        return controls.insertCard({ name: '李娜', sex: 'female', birthDate: '1992-07-15' });
      case 'card-remove':
        return controls.removeCard();
      case 'reader-unplug':
        return controls.unplugReader(true);
      case 'reader-plug':
        return controls.unplugReader(false);
      case 'paper-out':
        return controls.setPaper('out');
      case 'paper-near':
        return controls.setPaper('near-end');
      case 'paper-ok':
        return controls.setPaper('ok');
      case 'cover-open':
        return controls.setCover(true);
      case 'cover-closed':
        return controls.setCover(false);
      case 'scan-appointment':
        return controls.scan('YY20261123A1B2');
    }
  });
  setInterval(() => {
    if (!body.hidden) showSlip();
  }, 1000);
}
