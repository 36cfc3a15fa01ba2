import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { InjectConfig, type ChorusConfig } from '@chorus/config';
import { DomainError, ERROR_CODES } from '@chorus/contracts';
import { LexiconsRepository } from '@chorus/database';
import { ingestDocument, segmentDocument } from '@chorus/documents';
import { isSpeakable, Lexicon, SpeechRuntime } from '@chorus/speech';
import { toLexiconEntries } from '../jobs/job-request';
import { Tenant } from '../access/principal';
import { assertAllowedScripts } from '../jobs/allowed-scripts';
import { PreviewDto } from './preview.dto';

export interface PreviewSegment {
  ordinal: number;
  text: string;
  heading: boolean;
  spoken: string;
  phonemes: string[];
}

export interface Preview {
  voice: string;
  language: string;
  /** The whole text as it will be spoken, after the lexicon and normalization. */
  spoken: string;
  /** The phonemes of every sentence, in order. */
  phonemes: string[];
  segments: PreviewSegment[];
}

@ApiTags('speech')
@ApiBearerAuth()
@Controller('v1/speech')
export class SpeechController {
  constructor(
    @InjectConfig() private readonly config: ChorusConfig,
    private readonly runtime: SpeechRuntime,
    private readonly lexicons: LexiconsRepository,
  ) {}

  /** What a job would say, and how: check pronunciation before paying for a long job. */
  @Post('preview')
  @HttpCode(200)
  async preview(@Body() body: PreviewDto, @Tenant() tenant: string): Promise<Preview> {
    if (body.text.trim() === '') throw new DomainError(ERROR_CODES.TEXT_EMPTY, 'the text is empty');
    const voice = body.voice ?? this.config.speech.defaultVoice;
    const language = this.runtime.catalog.describe(voice).language;
    const speech = this.runtime.text(voice);
    const owner = Lexicon.from(await this.lexicons.get(tenant));
    const lexicon = owner.merge(Lexicon.from(toLexiconEntries(body.lexicon ?? [])));
    const doc = ingestDocument({ kind: 'text', text: body.text });
    assertAllowedScripts(doc.text, language, this.config.security.allowedScripts);
    const segments = segmentDocument(doc, {
      maxChars: this.config.pipeline.segmentMaxChars,
    }).map((s) => {
      const opts = { lexicon, heading: s.heading };
      const phonemes = s.sentences.flatMap((span) => {
        const sentence = s.text.slice(span.charStart - s.charStart, span.charEnd - s.charStart);
        return isSpeakable(sentence) ? speech.prepare(sentence, opts).map((p) => p.phonemes) : [];
      });
      return {
        ordinal: s.ordinal,
        text: s.text,
        heading: s.heading,
        spoken: speech.spoken(s.text, opts),
        phonemes,
      };
    });
    if (segments.length === 0)
      throw new DomainError(ERROR_CODES.TEXT_UNSPEAKABLE, 'the text has nothing to read aloud');
    return {
      voice,
      language,
      spoken: segments.map((s) => s.spoken).join(' '),
      phonemes: segments.flatMap((s) => s.phonemes),
      segments,
    };
  }
}
