import type { Kafka } from 'kafkajs';
import { TOPICS } from '@chorus/contracts';

export interface TopicPartitions {
  segments: number;
  events: number;
}

/**
 * Creates chorus's topics if missing, with the configured partition counts, and grows
 * the segment topics (both lanes) when more devices need more partitions (Kafka cannot shrink a topic).
 */
export async function ensureTopics(kafka: Kafka, partitions: TopicPartitions): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = [
      { topic: TOPICS.segments, numPartitions: partitions.segments },
      { topic: TOPICS.segmentsInteractive, numPartitions: partitions.segments },
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
    const lanes = [TOPICS.segments, TOPICS.segmentsInteractive];
    const meta = await admin.fetchTopicMetadata({ topics: lanes });
    const grow = meta.topics
      .filter((t) => t.partitions.length < partitions.segments)
      .map((t) => ({ topic: t.name, count: partitions.segments }));
    if (grow.length > 0) await admin.createPartitions({ topicPartitions: grow });
  } finally {
    await admin.disconnect();
  }
}
