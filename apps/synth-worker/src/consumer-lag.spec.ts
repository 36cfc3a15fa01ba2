import { describe, expect, it } from 'vitest';
import { consumerLag, ConsumerLagPoller, type LagAdmin } from './consumer-lag';

function fakeAdmin(committed: Record<number, string>): LagAdmin {
  return {
    fetchTopicOffsets: (topic) => {
      expect(topic).toBe('tts.segments');
      return Promise.resolve([
        { partition: 0, low: '0', high: '120' },
        { partition: 1, low: '5', high: '40' },
        { partition: 2, low: '0', high: '7' },
      ]);
    },
    fetchOffsets: ({ groupId, topics }) => {
      expect(groupId).toBe('synth-workers');
      expect(topics).toEqual(['tts.segments']);
      return Promise.resolve([
        {
          topic: 'tts.segments',
          partitions: Object.entries(committed).map(([p, offset]) => ({ partition: Number(p), offset })),
        },
      ]);
    },
  };
}

describe(consumerLag.name, () => {
  it('is the end offset minus the committed one, or everything retained when nothing is committed', async () => {
    const sut = await consumerLag(fakeAdmin({ 0: '100', 1: '-1', 2: '7' }), 'synth-workers', 'tts.segments');
    expect([...sut]).toEqual([
      [0, 20],
      [1, 35],
      [2, 0],
    ]);
  });
});

describe(ConsumerLagPoller.name, () => {
  it('reports every partition and survives an admin failure', async () => {
    const seen: [number, number][] = [];
    const sut = new ConsumerLagPoller(fakeAdmin({ 0: '120' }), 'synth-workers', 'tts.segments', (p, l) =>
      seen.push([p, l]),
    );
    await sut.poll();
    expect(seen).toEqual([
      [0, 0],
      [1, 35],
      [2, 7],
    ]);
    const failing = new ConsumerLagPoller(
      { fetchTopicOffsets: () => Promise.reject(new Error('down')), fetchOffsets: () => Promise.resolve([]) },
      'synth-workers',
      'tts.segments',
      () => {
        throw new Error('must not report');
      },
    );
    await expect(failing.poll()).resolves.toBeUndefined();
  });
});
