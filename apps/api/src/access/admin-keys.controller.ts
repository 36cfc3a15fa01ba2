import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Body, Controller, Delete, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DomainError, ERROR_CODES } from '@chorus/contracts';
import { ApiKeysRepository, TENANT_NAME, type ApiKeyRecord, type IssuedApiKey } from '@chorus/database';

export class CreateKeyDto {
  @ApiProperty({ example: 'acme' })
  @IsString()
  @Matches(TENANT_NAME, { message: 'tenant must be 1-63 characters of a-z, 0-9, "_" and "-"' })
  tenant!: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

export class ListKeysQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(TENANT_NAME, { message: 'tenant must be 1-63 characters of a-z, 0-9, "_" and "-"' })
  tenant?: string;
}

/** Key management for the operator, behind the admin key (`CHORUS_ADMIN_KEY`). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/keys')
export class AdminKeysController {
  constructor(private readonly keys: ApiKeysRepository) {}

  /** The new key is in this response and nowhere else: it is stored only as a hash. */
  @Post()
  create(@Body() body: CreateKeyDto): Promise<IssuedApiKey> {
    return this.keys.issue(body.tenant, body.name);
  }

  @Get()
  async list(@Query() query: ListKeysQuery): Promise<{ items: ApiKeyRecord[] }> {
    return { items: await this.keys.list(query.tenant) };
  }

  /** Revoked keys stop working on every API replica at once (each request checks the store). */
  @Delete(':id')
  async revoke(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string,
  ): Promise<ApiKeyRecord> {
    const key = await this.keys.revoke(id);
    if (!key) throw new DomainError(ERROR_CODES.KEY_NOT_FOUND, `no API key ${id}`);
    return key;
  }
}
