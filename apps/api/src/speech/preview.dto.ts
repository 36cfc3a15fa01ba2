import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { LexiconEntry } from '@chorus/speech';

export const PREVIEW_MAX_CHARS = 10_000;

export class PreviewDto {
  @ApiProperty({ maxLength: PREVIEW_MAX_CHARS })
  @IsString()
  @MaxLength(PREVIEW_MAX_CHARS, {
    message: `text for a preview must be at most ${PREVIEW_MAX_CHARS} characters`,
  })
  text!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[\w.-]{1,100}$/)
  voice?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } })
  @IsOptional()
  @IsArray()
  lexicon?: LexiconEntry[];
}
