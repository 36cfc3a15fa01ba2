import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { SegmentEntity } from './segment.entity';

/** One file per chapter of a job submitted with `split: "chapters"`. */
export interface JobChapter {
  index: number;
  title: string | null;
  key: string;
  startSeconds: number;
  durationSeconds: number;
  bytes: number;
  sha256: string;
}

export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

@Entity({ name: 'jobs' })
@Index('jobs_owner_status_created_idx', ['owner', 'status', 'createdAt'])
export class JobEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  owner!: string;

  @Column({ type: 'text' })
  status!: JobStatus;

  @Column({ type: 'text' })
  voice!: string;

  @Column({ type: 'text' })
  format!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  options!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  metadata!: Record<string, unknown> | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'request_hash', type: 'text', nullable: true })
  requestHash!: string | null;

  @Column({ name: 'segments_total', type: 'int' })
  segmentsTotal!: number;

  @Column({ name: 'segments_done', type: 'int', default: 0 })
  segmentsDone!: number;

  @Column({ name: 'chars_total', type: 'int' })
  charsTotal!: number;

  @Column({ name: 'audio_key', type: 'text', nullable: true })
  audioKey!: string | null;

  @Column({ name: 'audio_bytes', type: 'bigint', nullable: true })
  audioBytes!: string | null;

  @Column({ name: 'audio_seconds', type: 'double precision', nullable: true })
  audioSeconds!: number | null;

  @Column({ name: 'audio_sha256', type: 'text', nullable: true })
  audioSha256!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** The per-chapter files, when the job asked for them. */
  @Column({ type: 'jsonb', nullable: true })
  chapters!: JobChapter[] | null;

  @Column({ name: 'sample_rate', type: 'int', nullable: true })
  sampleRate!: number | null;

  /** Set while one worker stitches the final audio; a lease, not a status. */
  @Column({ name: 'finalizing_at', type: 'timestamptz', nullable: true })
  finalizingAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @OneToMany('SegmentEntity', 'job')
  segments?: SegmentEntity[];
}
