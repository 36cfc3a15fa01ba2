import {
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { LexiconEntry } from '@chorus/speech';

export const AUDIO_FORMATS = ['wav', 'mp3', 'ogg'] as const;
export const SUPPORTED_FORMATS = ['wav'] as const;

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
