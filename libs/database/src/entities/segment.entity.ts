import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { JobEntity } from './job.entity';

export const PAUSES = ['sentence', 'paragraph', 'chapter', 'end'] as const;
export type Pause = (typeof PAUSES)[number];

/** A sentence inside a segment: its span in the document and, once synthesized, its samples. */
export interface SentenceSpan {
  charStart: number;
  charEnd: number;
}

export interface SegmentTiming {
  /** Sample offsets of each sentence inside the segment's audio. */
  sentences: { start: number; end: number }[];
}

export const SEGMENT_STATUSES = ['pending', 'running', 'done', 'failed', 'skipped'] as const;
export type SegmentStatus = (typeof SEGMENT_STATUSES)[number];

@Entity({ name: 'segments' })
export class SegmentEntity {
  @PrimaryColumn({ name: 'job_id', type: 'uuid' })
  jobId!: string;

  @PrimaryColumn({ type: 'int' })
  ordinal!: number;

  @ManyToOne('JobEntity', 'segments', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id' })
  job?: JobEntity;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'char_start', type: 'int' })
  charStart!: number;

  @Column({ name: 'char_end', type: 'int' })
  charEnd!: number;

  @Column({ type: 'text', default: 'pending' })
  status!: SegmentStatus;

  @Column({ type: 'int', default: 0 })
  chapter!: number;

  @Column({ name: 'pause_after', type: 'text', default: 'sentence' })
  pauseAfter!: Pause;

  @Column({ type: 'boolean', default: false })
  heading!: boolean;

  @Column({ type: 'real', default: 1 })
  rate!: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  sentences!: SentenceSpan[];

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'int', nullable: true })
  samples!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  timing!: SegmentTiming | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'object_key', type: 'text', nullable: true })
  objectKey!: string | null;

  @Column({ name: 'duration_seconds', type: 'double precision', nullable: true })
  durationSeconds!: number | null;

  @Column({ type: 'text', nullable: true })
  sha256!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
