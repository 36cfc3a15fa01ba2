import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createHash } from 'node:crypto';
import {
  DomainError,
  ERROR_CODES,
  sampleRateProblem,
  type AudioFormat,
  type JobPriority,
  type SplitMode,
} from '@chorus/contracts';
import type { DocumentInput } from '@chorus/documents';
import { Lexicon, type LexiconEntry } from '@chorus/speech';
import { storableJson, storableString } from '../input/json-body-sanitizer';
import { CreateJobDto, JobOptionsDto } from './dto/job-options.dto';

export interface JobRequest {
  document: DocumentInput;
  voice: string | undefined;
  format: AudioFormat;
  /** Output rate in Hz; undefined: the voice's rate. */
  sampleRate: number | undefined;
  split: SplitMode;
  /** The lane asked for; undefined: chosen by the document's size. */
  priority: JobPriority | undefined;
  speed: number;
  title: string | null;
  metadata: Record<string, unknown> | null;
  lexicon: LexiconEntry[];
  /** Fingerprint of the whole request, for idempotent retries. */
  hash: string;
}

const MAX_METADATA_BYTES = 16_384;

function validated<T extends object>(cls: new () => T, plain: unknown): T {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new DomainError(ERROR_CODES.INVALID_REQUEST, 'the request body must be a JSON object');
  }
  const dto = plainToInstance(cls, plain);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const detail = errors
      .flatMap((e) => Object.values(e.constraints ?? { [e.property]: `${e.property} is invalid` }))
      .join('; ');
    throw new DomainError(ERROR_CODES.INVALID_REQUEST, detail, { fields: errors.map((e) => e.property) });
  }
  return dto;
}

function finish(options: JobOptionsDto, document: DocumentInput, documentHash: string): JobRequest {
  const format = options.format ?? 'wav';
  const rateProblem =
    options.sampleRate === undefined ? undefined : sampleRateProblem(format, options.sampleRate);
  if (rateProblem) throw new DomainError(ERROR_CODES.UNSUPPORTED_FORMAT, rateProblem);
  const split = options.split ?? 'none';
  const metadata = options.metadata ?? null;
  const lexicon = Lexicon.from(toLexiconEntries(options.lexicon ?? [])).entries.map((e) => ({ ...e }));
  if (metadata && Buffer.byteLength(JSON.stringify(metadata)) > MAX_METADATA_BYTES) {
    throw new DomainError(
      ERROR_CODES.INVALID_REQUEST,
      `metadata must be at most ${MAX_METADATA_BYTES} bytes of JSON`,
    );
  }
  const request = {
    document: documentHash,
    voice: options.voice ?? null,
    format,
    ...(options.sampleRate === undefined ? {} : { sampleRate: options.sampleRate }),
    ...(split === 'none' ? {} : { split }),
    ...(options.priority === undefined ? {} : { priority: options.priority }),
    speed: options.speed ?? 1,
    title: options.title ?? null,
    metadata,
    lexicon,
  };
  return {
    document,
    voice: options.voice,
    format,
    sampleRate: options.sampleRate,
    split,
    priority: options.priority,
    speed: request.speed,
    title: request.title,
    metadata,
    lexicon,
    hash: createHash('sha256').update(JSON.stringify(request)).digest('hex'),
  };
}

/** Entries as the user sent them, checked for shape; Lexicon.from checks their content. */
export function toLexiconEntries(raw: unknown[]): LexiconEntry[] {
  return raw.map((e) => {
    if (typeof e !== 'object' || e === null)
      throw new DomainError(ERROR_CODES.INVALID_REQUEST, 'each lexicon entry must be an object');
    const { grapheme, phoneme, alias, ...rest } = e as Record<string, unknown>;
    if (Object.keys(rest).length > 0)
      throw new DomainError(
        ERROR_CODES.INVALID_REQUEST,
        `unknown lexicon field(s): ${Object.keys(rest).join(', ')}`,
      );
    const str = (v: unknown, name: string) => {
      if (v === undefined) return undefined;
      if (typeof v !== 'string')
        throw new DomainError(ERROR_CODES.INVALID_REQUEST, `lexicon ${name} must be a string`);
      return v;
    };
    return {
      grapheme: str(grapheme, 'grapheme') ?? '',
      phoneme: str(phoneme, 'phoneme'),
      alias: str(alias, 'alias'),
    };
  });
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** A JSON submission: `{ text, voice?, format?, speed?, priority?, title?, metadata? }`. */
export function jobRequestFromJson(body: unknown): JobRequest {
  const dto = validated(CreateJobDto, body);
  const document: DocumentInput =
    dto.textType === 'ssml' ? { kind: 'ssml', ssml: dto.text } : { kind: 'text', text: dto.text };
  return finish(dto, document, sha256(`${dto.textType ?? 'text'}:${dto.text}`));
}

/** A multipart submission: the file, plus the options as form fields (strings). */
export function jobRequestFromUpload(
  file: { originalname: string; mimetype: string; buffer: Buffer },
  fields: Record<string, unknown>,
): JobRequest {
  const plain = storableJson(fields) as Record<string, unknown>;
  for (const field of ['speed', 'sampleRate'])
    if (typeof plain[field] === 'string')
      plain[field] = plain[field].trim() === '' ? undefined : Number(plain[field]);
  if (typeof plain.lexicon === 'string') {
    try {
      plain.lexicon = JSON.parse(plain.lexicon) as unknown;
    } catch {
      throw new DomainError(ERROR_CODES.INVALID_REQUEST, 'the lexicon field must be a JSON array');
    }
  }
  if (typeof plain.metadata === 'string') {
    try {
      plain.metadata = JSON.parse(plain.metadata) as unknown;
    } catch {
      throw new DomainError(ERROR_CODES.INVALID_REQUEST, 'the metadata field must be a JSON object');
    }
  }
  const dto = validated(JobOptionsDto, plain);
  return finish(
    dto,
    {
      kind: 'file',
      filename: storableString(file.originalname),
      contentType: file.mimetype,
      body: file.buffer,
    },
    sha256(Buffer.concat([Buffer.from(`file:${file.originalname}:`), file.buffer])),
  );
}
