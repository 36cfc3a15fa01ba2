import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** CloudEvents 1.0, structured JSON mode. `id` is stable: subscribers dedupe on it. */
export interface CloudEvent<T extends string = string, D = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: T;
  time: string;
  subject?: string;
  datacontenttype: 'application/json';
  data: D;
}

export const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  time: z.string().min(1),
  subject: z.string().optional(),
  datacontenttype: z.literal('application/json'),
  data: z.unknown(),
});

export const EVENT_SOURCE = 'urn:chorus';

export function cloudEvent<T extends string, D>(
  type: T,
  data: D,
  subject?: string,
  id: string = randomUUID(),
): CloudEvent<T, D> {
  return {
    specversion: '1.0',
    id,
    source: EVENT_SOURCE,
    type,
    time: new Date().toISOString(),
    ...(subject === undefined ? {} : { subject }),
    datacontenttype: 'application/json',
    data,
  };
}
