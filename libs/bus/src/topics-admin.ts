import type { Kafka } from 'kafkajs';
import { TOPICS } from '@chorus/contracts';

export interface TopicPartitions {
  segments: number;
  events: number;
}

/**
 * Creates chorus's topics if missing, with the configured partition counts, and grows
 * `tts.segments` when more devices need more partitions (Kafka cannot shrink a topic).
 */
export async function ensureTopics(kafka: Kafka, partitions: TopicPartitions): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = [
      { topic: TOPICS.segments, numPartitions: partitions.segments },
      { topic: TOPICS.segmentEvents, numPartitions: partitions.events },
      { topic: TOPICS.jobEvents, numPartitions: partitions.events },
      { topic: TOPICS.segmentsDlq, numPartitions: 1 },
    ];
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      try {
        await admin.createTopics({ topics: missing, waitForLeaders: true });
      } catch (err) {
        // Another replica created them first.
        if ((err as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw err;
      }
    }
    const meta = await admin.fetchTopicMetadata({ topics: [TOPICS.segments] });
    const have = meta.topics[0]?.partitions.length ?? 0;
    if (have < partitions.segments) {
      await admin.createPartitions({
        topicPartitions: [{ topic: TOPICS.segments, count: partitions.segments }],
      });
    }
  } finally {
    await admin.disconnect();
  }
}
