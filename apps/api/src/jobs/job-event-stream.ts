import type { JobStatus } from '@chorus/database';

/** One Server-Sent Event: `event`, `id`, and JSON `data`. */
export interface SseEvent {
  event: 'progress' | 'segment' | 'completed' | 'failed' | 'cancelled';
  id: string;
  data: unknown;
}

export const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'cancelled']);

/** The wire form of an event (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
export function formatSse(e: SseEvent): string {
  return `event: ${e.event}\nid: ${e.id}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

/** A comment line: keeps proxies and load balancers from closing an idle stream. */
export const SSE_HEARTBEAT = ': keep-alive\n\n';

/**
 * Event ids are the job's count of done segments (`progress`, `segment`) or its final status,
 * so `Last-Event-ID` tells a reconnecting client's position without any server-side session:
 * any replica can resume it from the job row.
 */
export function progressId(segmentsDone: number): string {
  return String(segmentsDone);
}

/** The done-count a `Last-Event-ID` header stands for, or undefined when it is none of ours. */
export function resumePoint(lastEventId: string | undefined): number | undefined {
  if (lastEventId === undefined || !/^\d{1,9}$/.test(lastEventId.trim())) return undefined;
  return Number(lastEventId.trim());
}
