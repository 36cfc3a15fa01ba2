import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Controller, Get } from '@nestjs/common';
import { VoiceCatalog, type VoiceInfo } from '@chorus/speech';

@ApiTags('voices')
@ApiBearerAuth()
@Controller('v1/voices')
export class VoicesController {
  constructor(private readonly catalog: VoiceCatalog) {}

  /** Every voice in the voices directory: drop a Piper voice in and it appears here. */
  @Get()
  list(): { items: VoiceInfo[] } {
    return { items: this.catalog.names().map((name) => this.catalog.describe(name)) };
  }
}
