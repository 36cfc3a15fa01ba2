import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  AUDIO_FORMATS,
  JOB_PRIORITIES,
  MAX_SAMPLE_RATE,
  MIN_SAMPLE_RATE,
  SPLIT_MODES,
  type JobPriority,
  type SplitMode,
} from '@chorus/contracts';
import type { LexiconEntry } from '@chorus/speech';

export { AUDIO_FORMATS };

/** Options shared by JSON and multipart submissions. */
export class JobOptionsDto {
  @ApiPropertyOptional({ description: 'a voice from GET /v1/voices', example: 'en_US-joe-medium' })
  @IsOptional()
  @IsString()
  @Matches(/^[\w.-]{1,100}$/, { message: 'voice must be a voice name such as en_US-joe-medium' })
  voice?: string;

  @ApiPropertyOptional({ enum: AUDIO_FORMATS, default: 'wav' })
  @IsOptional()
  @IsIn(AUDIO_FORMATS, {
    message: `format must be one of ${AUDIO_FORMATS.join(', ')}`,
  })
  format?: (typeof AUDIO_FORMATS)[number];

  /** Output sample rate in Hz (resampled with soxr); default: the voice's own rate. */
  @ApiPropertyOptional({
    minimum: MIN_SAMPLE_RATE,
    maximum: MAX_SAMPLE_RATE,
    description: 'output rate in Hz (mp3 and ogg accept their standard rates only)',
    example: 24000,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'sampleRate must be an integer number of Hz' })
  @Min(MIN_SAMPLE_RATE)
  @Max(MAX_SAMPLE_RATE)
  sampleRate?: number;

  /** `chapters`: one file per chapter (heading) beside the single file; `none` (default): the single file. */
  @ApiPropertyOptional({ enum: SPLIT_MODES, default: 'none' })
  @IsOptional()
  @IsIn(SPLIT_MODES, { message: `split must be one of ${SPLIT_MODES.join(', ')}` })
  split?: SplitMode;

  /**
   * The lane: `interactive` segments are served before `batch` ones on every worker, so a page
   * is not stuck behind a book. Default: interactive up to CHORUS_INTERACTIVE_MAX_CHARS
   * characters, batch above; asking for interactive above that limit is refused (422).
   */
  @ApiPropertyOptional({
    enum: JOB_PRIORITIES,
    description: 'default: interactive for short documents (CHORUS_INTERACTIVE_MAX_CHARS), batch otherwise',
  })
  @IsOptional()
  @IsIn(JOB_PRIORITIES, { message: `priority must be one of ${JOB_PRIORITIES.join(', ')}` })
  priority?: JobPriority;

  /** Piper length scale: 1 is the voice's pace, 1.2 is slower, 0.8 faster. */
  @ApiPropertyOptional({ minimum: 0.25, maximum: 4, default: 1, description: 'length scale: 1.2 is slower' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.25)
  @Max(4)
  speed?: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  title?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'echoed in the job and its events (≤ 16 KiB)',
  })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  /** Pronunciations for this job: `[{ "grapheme": "chorus", "phoneme": "kˈɔːɹəs" } | { "grapheme": "W3C", "alias": "..." }]`. */
  @ApiPropertyOptional({
    type: 'array',
    items: {
      type: 'object',
      properties: { grapheme: { type: 'string' }, phoneme: { type: 'string' }, alias: { type: 'string' } },
    },
  })
  @IsOptional()
  @IsArray()
  lexicon?: LexiconEntry[];
}

export class CreateJobDto extends JobOptionsDto {
  @ApiProperty({ description: 'the document (plain text, or SSML with textType: ssml)' })
  @IsString()
  text!: string;

  /** `ssml`: `text` is SSML (the subset in docs/ssml.md); `text` (default): plain text. */
  @ApiPropertyOptional({ enum: ['text', 'ssml'], default: 'text' })
  @IsOptional()
  @IsIn(['text', 'ssml'])
  textType?: 'text' | 'ssml';
}
