import type { PublicEvent, QueueChanged } from './events';
import type { CallView, HallSnapshot, WindowView } from './http';
import { callView } from './views';

const RECENT_CALLS = 20;

export type MirrorResult = 'applied' | 'duplicate' | 'gap';

/**
 * A client's copy of the hall: a snapshot plus the public events after it, applied in
 * seq order. Pure, so boards, kiosks, tests and the simulator share one implementation.
 * A gap in seq means an event was missed: the caller resyncs (sync request or snapshot).
 */
export class HallMirror {
  private state: HallSnapshot;

  constructor(snapshot: HallSnapshot) {
    this.state = structuredClone(snapshot);
  }

  get snapshot(): HallSnapshot {
    return this.state;
  }

  get epoch(): string {
    return this.state.epoch;
  }

  get seq(): number {
    return this.state.seq;
  }

  window(id: string): WindowView | undefined {
    return this.state.windows.find((w) => w.id === id);
  }

  /** Applies one event; refuses (without change) an old one or one after a gap. */
  apply(event: PublicEvent): MirrorResult {
    if (event.seq <= this.state.seq) return 'duplicate';
    if (event.seq > this.state.seq + 1) return 'gap';
    this.state.seq = event.seq;
    const setWindow = (id: string | null, change: (w: WindowView) => void) => {
      const window = id ? this.window(id) : undefined;
      if (window) change(window);
    };
    const free = (w: WindowView) => {
      w.currentTicket = null;
      if (w.status === 'calling' || w.status === 'serving') w.status = 'idle';
    };
    switch (event.type) {
      case 'day.started':
        this.state.day = event.day;
        this.state.recentCalls = [];
        this.state.windows.forEach(free);
        break;
      case 'ticket.called':
      case 'ticket.recalled':
        setWindow(event.windowId, (w) => {
          w.currentTicket = event.number;
          w.status = 'calling';
        });
        this.pushCall(callView(event));
        break;
      case 'ticket.started':
        setWindow(event.windowId, (w) => {
          w.currentTicket = event.number;
          w.status = 'serving';
        });
        break;
      case 'ticket.finished':
      case 'ticket.no-show':
        setWindow(event.windowId, free);
        break;
      case 'ticket.transferred':
        setWindow(event.fromWindowId, free);
        break;
      case 'ticket.step-finished':
        // 一件事一次办: the citizen stays for the next step, or the window is free.
        if (!event.stay) setWindow(event.windowId, free);
        break;
      case 'ticket.steps-changed':
        break;
      case 'ticket.cancelled':
        setWindow(event.freedWindowId, free);
        break;
      case 'window.status': {
        const index = this.state.windows.findIndex((w) => w.id === event.window.id);
        if (index >= 0) this.state.windows[index] = structuredClone(event.window);
        break;
      }
      case 'ticket.issued':
      case 'ticket.returned':
      case 'ticket.priority-set':
      case 'ticket.rated':
        // Waiting counts arrive with queue.changed.
        break;
    }
    return 'applied';
  }

  /** Waiting counts and estimates; refused when they reflect events not seen yet. */
  applyQueues(view: QueueChanged): MirrorResult {
    if (view.seq > this.state.seq) return 'gap';
    if (view.seq < this.state.seq) return 'duplicate';
    this.state.services = structuredClone(view.services);
    return 'applied';
  }

  private pushCall(call: CallView | null): void {
    if (!call) return;
    this.state.recentCalls = [...this.state.recentCalls, call].slice(-RECENT_CALLS);
  }
}
