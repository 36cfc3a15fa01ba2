import type { JobChapter } from '@chorus/database';
import type { AudioSink } from './encoded-upload';

export interface OpenedChapter {
  key: string;
  /** Samples the chapter holds, at the stitching rate. */
  samples: number;
  sink: AudioSink;
  rate: number;
}

/**
 * Splits the stitched stream into one file per chapter: the stitch says when a chapter starts
 * (`enter`), every chunk also goes to the current chapter's sink, and a chapter's upload is
 * finished when the next one starts.
 */
export class ChapterWriter {
  private current:
    { chapter: number; opened: OpenedChapter; title: string | null; start: number } | undefined;
  private readonly done: JobChapter[] = [];

  constructor(private readonly open: (chapter: number) => OpenedChapter) {}

  async enter(chapter: number, startSeconds: number, headingText: string | null): Promise<void> {
    if (this.current?.chapter === chapter) return;
    await this.close();
    this.current = { chapter, opened: this.open(chapter), title: headingText || null, start: startSeconds };
  }

  async write(pcm: Buffer): Promise<void> {
    await this.current?.opened.sink.write(pcm);
  }

  async end(): Promise<JobChapter[]> {
    await this.close();
    return this.done;
  }

  abort(err: Error): void {
    this.current?.opened.sink.abort(err);
    this.current = undefined;
  }

  private async close(): Promise<void> {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    const { bytes, sha256 } = await c.opened.sink.end();
    this.done.push({
      index: c.chapter,
      title: c.title,
      key: c.opened.key,
      startSeconds: c.start,
      durationSeconds: c.opened.samples / c.opened.rate,
      bytes,
      sha256,
    });
  }
}
