import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  type Board,
  type CreatedInviteLink,
  type CreateInviteLinkRequest,
  type InviteLink,
  type InviteLinkPreview,
  MAX_INVITE_LINKS_PER_BOARD,
} from '../../../contracts/boards';
import { boardChannel } from '../../../contracts/channels';
import { Clock } from '../common/clock';
import { EventBus } from '../events/event-bus';
import type { Actor } from '../users/actor';
import { toPublicUser } from '../users/user';
import { UsersRepository } from '../users/users.repository';
import { BoardAccess } from './board-access';
import { BoardNotFoundError, InviteLinkGoneError, InviteLinkNotFoundError, TooManyInviteLinksError } from './boards.errors';
import { BoardsRepository } from './boards.repository';
import { type InviteLinkRecord, InviteLinksRepository, isLive } from './invite-links.repository';

/** 32 random bytes in base64url: 43 characters. Anything else is not a token we made. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The store never sees a token, only its hash: a leaked dump opens no board. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Links the owner shares: whoever opens one while signed in joins with its role. */
@Injectable()
export class InviteLinksService {
  constructor(
    private readonly links: InviteLinksRepository,
    private readonly boards: BoardsRepository,
    private readonly access: BoardAccess,
    private readonly users: UsersRepository,
    private readonly bus: EventBus,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, boardId: string, request: CreateInviteLinkRequest): Promise<CreatedInviteLink> {
    await this.access.assertOwner(actor, boardId, 'create invite links');
    const now = this.clock.now();
    const token = randomBytes(32).toString('base64url');
    const record: InviteLinkRecord = {
      id: randomUUID(),
      boardId,
      tokenHash: hashToken(token),
      role: request.role,
      createdBy: actor.id,
      createdAt: new Date(now).toISOString(),
      expiresAt: now + request.expiresIn * 1000,
      ...(request.maxUses === undefined ? {} : { maxUses: request.maxUses }),
      uses: 0,
    };
    if ((await this.links.create(record, MAX_INVITE_LINKS_PER_BOARD, now)) === 'full') {
      throw new TooManyInviteLinksError(MAX_INVITE_LINKS_PER_BOARD);
    }
    return { ...toInviteLink(record), token, path: `/join/${token}` };
  }

  async list(actor: Actor, boardId: string): Promise<InviteLink[]> {
    await this.access.assertOwner(actor, boardId, 'see invite links');
    return (await this.links.listLive(boardId, this.clock.now())).map(toInviteLink);
  }

  async revoke(actor: Actor, boardId: string, linkId: string): Promise<void> {
    await this.access.assertOwner(actor, boardId, 'revoke invite links');
    if (!(await this.links.revoke(boardId, linkId))) {
      throw new InviteLinkNotFoundError();
    }
  }

  async preview(actor: Actor, token: string): Promise<InviteLinkPreview> {
    const link = await this.liveLink(token);
    const board = await this.boards.findBoard(link.boardId);
    if (!board) {
      throw new InviteLinkNotFoundError();
    }
    const creator = await this.users.findById(link.createdBy);
    return {
      boardId: board.id,
      boardTitle: board.title,
      role: link.role,
      invitedBy: creator ? toPublicUser(creator) : { id: link.createdBy, username: 'deleted', displayName: 'Deleted user' },
      expiresAt: new Date(link.expiresAt).toISOString(),
      alreadyMember: board.memberIds.includes(actor.id),
    };
  }

  /** Joins with the link's role; a member already there just gets the board, and no use is counted. */
  async accept(actor: Actor, token: string): Promise<Board> {
    const link = await this.liveLink(token);
    const current = await this.boards.findBoard(link.boardId);
    if (!current) {
      throw new InviteLinkNotFoundError();
    }
    if (current.memberIds.includes(actor.id)) {
      return this.access.toBoard(current);
    }
    const used = await this.links.use(link.tokenHash, this.clock.now());
    if (used.result === 'missing') {
      throw new InviteLinkNotFoundError();
    }
    if (used.result !== 'used') {
      throw new InviteLinkGoneError(used.result);
    }
    const result = await this.boards.addMember(link.boardId, actor.id, link.role);
    const record = result === 'missing' ? undefined : await this.boards.findBoard(link.boardId);
    if (!record) {
      throw new BoardNotFoundError();
    }
    if (result === 'added') {
      await this.bus.publish(
        boardChannel(link.boardId),
        'board.member_added',
        { boardId: link.boardId, member: toPublicUser(actor), role: link.role },
        actor.id,
      );
    }
    return this.access.toBoard(record);
  }

  /** 404 for a malformed, unknown or revoked token; 410 for an expired or used-up link. */
  private async liveLink(token: string): Promise<InviteLinkRecord> {
    const link = TOKEN.test(token) ? await this.links.findByTokenHash(hashToken(token)) : undefined;
    if (!link) {
      throw new InviteLinkNotFoundError();
    }
    const now = this.clock.now();
    if (!isLive(link, now)) {
      throw new InviteLinkGoneError(link.expiresAt <= now ? 'expired' : 'used_up');
    }
    return link;
  }
}

function toInviteLink(record: InviteLinkRecord): InviteLink {
  return {
    id: record.id,
    boardId: record.boardId,
    role: record.role,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    expiresAt: new Date(record.expiresAt).toISOString(),
    ...(record.maxUses === undefined ? {} : { maxUses: record.maxUses }),
    uses: record.uses,
  };
}
