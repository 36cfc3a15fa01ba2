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
  MAX_SAMPLE_RATE,
  MIN_SAMPLE_RATE,
  SPLIT_MODES,
  type SplitMode,
} from '@chorus/contracts';
import type { LexiconEntry } from '@chorus/speech';

export { AUDIO_FORMATS };

/** Options shared by JSON and multipart submissions. */
export class JobOptionsDto {
  @IsOptional()
  @IsString()
  @Matches(/^[\w.-]{1,100}$/, { message: 'voice must be a voice name such as en_US-joe-medium' })
  voice?: string;

  @IsOptional()
  @IsIn(AUDIO_FORMATS, {
    message: `format must be one of ${AUDIO_FORMATS.join(', ')}`,
  })
  format?: (typeof AUDIO_FORMATS)[number];

  /** Output sample rate in Hz (resampled with soxr); default: the voice's own rate. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'sampleRate must be an integer number of Hz' })
  @Min(MIN_SAMPLE_RATE)
  @Max(MAX_SAMPLE_RATE)
  sampleRate?: number;

  /** `chapters`: one file per chapter (heading) beside the single file; `none` (default): the single file. */
  @IsOptional()
  @IsIn(SPLIT_MODES, { message: `split must be one of ${SPLIT_MODES.join(', ')}` })
  split?: SplitMode;

  /** Piper length scale: 1 is the voice's pace, 1.2 is slower, 0.8 faster. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.25)
  @Max(4)
  speed?: number;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  title?: string;

  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  /** Pronunciations for this job: `[{ "grapheme": "chorus", "phoneme": "kˈɔːɹəs" } | { "grapheme": "W3C", "alias": "..." }]`. */
  @IsOptional()
  @IsArray()
  lexicon?: LexiconEntry[];
}

export class CreateJobDto extends JobOptionsDto {
  @IsString()
  text!: string;

  /** `ssml`: `text` is SSML (the subset in docs/ssml.md); `text` (default): plain text. */
  @IsOptional()
  @IsIn(['text', 'ssml'])
  textType?: 'text' | 'ssml';
}
