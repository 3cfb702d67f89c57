import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';

export class PingDto {
  @ApiProperty({ description: "The client's clock (ms since epoch), echoed back in the pong", example: 1763790000000 })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'clientTime must be a number (ms since epoch)' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  clientTime!: number;
}
