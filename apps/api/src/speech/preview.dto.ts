import { IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { LexiconEntry } from '@chorus/speech';

export const PREVIEW_MAX_CHARS = 10_000;

export class PreviewDto {
  @IsString()
  @MaxLength(PREVIEW_MAX_CHARS, {
    message: `text for a preview must be at most ${PREVIEW_MAX_CHARS} characters`,
  })
  text!: string;

  @IsOptional()
  @IsString()
  @Matches(/^[\w.-]{1,100}$/)
  voice?: string;

  @IsOptional()
  @IsArray()
  lexicon?: LexiconEntry[];
}
