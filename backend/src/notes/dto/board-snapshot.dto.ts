import { ApiProperty } from '@nestjs/swagger';
import { BoardDto } from '../../boards/dto/board.dto';
import { NoteDto } from './note.dto';

export class BoardSnapshotDto {
  @ApiProperty({ type: BoardDto }) board!: BoardDto;
  @ApiProperty({ type: [NoteDto] }) notes!: NoteDto[];
  @ApiProperty({ description: 'Resume cursor of the board channel as of this snapshot; merge it into the stream cursor' })
  cursor!: string;
}
