import { Injectable } from '@nestjs/common';
import { boardChannel } from '../../../contracts/channels';
import type { ExportParams } from '../../../contracts/jobs';
import type { ChatMessage } from '../../../contracts/chat';
import { MessagesRepository } from '../chat/messages.repository';
import { InvalidInputError } from '../common/domain-error';
import { BoardAccess } from '../boards/board-access';
import { NotesService } from '../notes/notes.service';
import { BoardData, countItems, renderBoard, zip } from './export/board-export';
import type { JobContext } from './job-context';
import type { StoredResult } from './jobs.repository';

const CHECK_EVERY = 50;

/** board.export: every note and chat message written is one unit of progress. */
@Injectable()
export class BoardExportJob {
  constructor(
    private readonly boards: BoardAccess,
    private readonly notes: NotesService,
    private readonly messages: MessagesRepository,
  ) {}

  async run(context: JobContext): Promise<StoredResult> {
    const params = context.job.params as ExportParams;
    const boards = params.boardId
      ? [(await this.notes.snapshot(context.owner, params.boardId)).board]
      : await this.boards.listBoards(context.owner);
    if (boards.length === 0) {
      throw new InvalidInputError('You have no boards to export', 'no_boards_to_export');
    }

    const data: BoardData[] = [];
    for (const board of boards) {
      const snapshot = await this.notes.snapshot(context.owner, board.id);
      data.push({ board: snapshot.board, notes: snapshot.notes, messages: await this.history(boardChannel(board.id)) });
      await context.checkpoint();
    }

    const total = countItems(data, params.format);
    const exportedAt = new Date().toISOString();
    let processed = 0;
    context.report(0, total, 'Exporting');
    const files = [];
    for (const board of data) {
      files.push(
        await renderBoard(board, params.format, exportedAt, async () => {
          processed++;
          context.report(processed, total, `Exporting “${board.board.title}”`);
          if (processed % CHECK_EVERY === 0) {
            await context.checkpoint();
          }
        }),
      );
      await context.checkpoint();
    }
    if (files.length === 1) {
      return { fileName: files[0].name, contentType: files[0].contentType, body: Buffer.from(files[0].body) };
    }
    return { fileName: `corkboard-export-${exportedAt.slice(0, 10)}.zip`, contentType: 'application/zip', body: await zip(files) };
  }

  /** The room's retained history, oldest first. */
  private async history(roomId: string): Promise<ChatMessage[]> {
    const all: ChatMessage[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await this.messages.page(roomId, before, 100);
      all.push(...page);
      if (page.length < 100) {
        break;
      }
      before = page[page.length - 1].id;
    }
    return all.reverse();
  }
}
