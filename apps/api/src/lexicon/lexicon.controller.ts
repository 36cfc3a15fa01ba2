import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Body, Controller, Get, Put } from '@nestjs/common';
import { IsArray } from 'class-validator';
import { Tenant } from '../access/principal';
import { LexiconsRepository } from '@chorus/database';
import { Lexicon, type LexiconEntry } from '@chorus/speech';
import { toLexiconEntries } from '../jobs/job-request';

export class PutLexiconDto {
  @IsArray()
  entries!: LexiconEntry[];
}

/**
 * The caller's own pronunciations, applied to every job it submits from then on (a job's
 * own lexicon wins over them). Jobs keep the lexicon they were submitted with.
 */
@ApiTags('lexicon')
@ApiBearerAuth()
@Controller('v1/lexicon')
export class LexiconController {
  constructor(private readonly lexicons: LexiconsRepository) {}

  @Get()
  async get(@Tenant() tenant: string): Promise<{ entries: LexiconEntry[] }> {
    return { entries: await this.lexicons.get(tenant) };
  }

  @Put()
  async put(@Body() body: PutLexiconDto, @Tenant() tenant: string): Promise<{ entries: LexiconEntry[] }> {
    const lexicon = Lexicon.from(toLexiconEntries(body.entries));
    await this.lexicons.put(tenant, [...lexicon.entries]);
    return this.get(tenant);
  }
}
