import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { boardChannel, userChannel } from '../../../contracts/channels';
import type { StartVoteRequest, VoteState, VoteView } from '../../../contracts/facilitation';
import { BoardAccess } from '../boards/board-access';
import { BoardNotesRepository } from '../boards/boards.repository';
import { EventBus } from '../events/event-bus';
import type { Actor } from '../users/actor';
import { dotsChangedEvent, voteView } from './vote-view';
import {
  NoDotHereError,
  NoDotsLeftError,
  NotTheFacilitatorError,
  NoVoteError,
  VoteEndedError,
  VoteNoteNotFoundError,
  VoteRunningError,
} from './votes.errors';
import { type VoteRecord, VotesRepository } from './votes.repository';

/**
 * Dot voting, one vote per board. Dots are counted atomically in storage; what each member learns
 * of them depends on the vote: everything for a named vote, only totals for an anonymous one until
 * it ends (the voter's own tabs get their dots on the voter's user channel).
 */
@Injectable()
export class VotesService {
  constructor(
    private readonly repository: VotesRepository,
    private readonly notes: BoardNotesRepository,
    private readonly access: BoardAccess,
    private readonly bus: EventBus,
  ) {
    access.onBoardDeleted((boardId) => this.repository.deleteBoard(boardId));
  }

  async start(actor: Actor, boardId: string, request: StartVoteRequest): Promise<VoteView> {
    await this.access.assertEditor(actor, boardId);
    const outcome = await this.repository.start({
      id: randomUUID(),
      boardId,
      dotsPerUser: request.dotsPerUser,
      anonymous: request.anonymous ?? false,
      startedBy: actor.id,
      startedAt: new Date().toISOString(),
    });
    if (outcome.kind === 'running') {
      throw new VoteRunningError(outcome.vote.id);
    }
    const view = voteView(outcome.vote, {}, {});
    await this.bus.publish(boardChannel(boardId), 'vote.started', { vote: view }, actor.id);
    return view;
  }

  async get(actor: Actor, boardId: string): Promise<VoteState> {
    await this.access.assertMember(actor, boardId);
    const snapshot = await this.repository.find(boardId, actor.id);
    return { vote: snapshot ? voteView(snapshot.vote, snapshot.myDots, snapshot.results) : null };
  }

  /** Viewers vote too: dots are not a change to the board's notes. */
  async placeDot(actor: Actor, boardId: string, noteId: string): Promise<VoteView> {
    await this.access.assertMember(actor, boardId);
    if (!(await this.notes.hasNote(boardId, noteId))) {
      throw new VoteNoteNotFoundError();
    }
    return this.changeDots(actor, boardId, noteId, 1);
  }

  /** No note check: a dot on a note deleted since can still be taken back. */
  async removeDot(actor: Actor, boardId: string, noteId: string): Promise<VoteView> {
    await this.access.assertMember(actor, boardId);
    return this.changeDots(actor, boardId, noteId, -1);
  }

  async end(actor: Actor, boardId: string): Promise<VoteView> {
    const vote = await this.facilitated(actor, boardId, 'end the vote');
    const outcome = await this.repository.end(boardId, vote.id, new Date().toISOString());
    if (outcome.kind === 'missing') {
      throw new NoVoteError();
    }
    if (outcome.kind === 'already_ended') {
      throw new VoteEndedError(vote.id);
    }
    // One event reveals the results to everyone at once; each app keeps its own myDots.
    await this.bus.publish(boardChannel(boardId), 'vote.ended', { vote: voteView(outcome.vote, {}, outcome.results) }, actor.id);
    const mine = await this.repository.find(boardId, actor.id);
    return voteView(outcome.vote, mine?.vote.id === vote.id ? mine.myDots : {}, outcome.results);
  }

  /** Cancels a running vote or clears an ended one's results. */
  async clear(actor: Actor, boardId: string): Promise<void> {
    const vote = await this.facilitated(actor, boardId, 'clear the vote');
    if (!(await this.repository.clear(boardId, vote.id))) {
      throw new NoVoteError();
    }
    await this.bus.publish(boardChannel(boardId), 'vote.cleared', { boardId, voteId: vote.id }, actor.id);
  }

  private async changeDots(actor: Actor, boardId: string, noteId: string, delta: 1 | -1): Promise<VoteView> {
    const outcome = await this.repository.changeDots(boardId, actor.id, noteId, delta);
    switch (outcome.kind) {
      case 'missing':
        throw new NoVoteError();
      case 'ended':
        throw new VoteEndedError(outcome.voteId);
      case 'no_dots_left':
        throw new NoDotsLeftError(outcome.dotsPerUser);
      case 'no_dot_here':
        throw new NoDotHereError();
      case 'ok':
        break;
    }
    const { vote, myDots, results } = outcome.snapshot;
    await Promise.all([
      this.bus.publish(boardChannel(boardId), 'vote.dots_changed', dotsChangedEvent(vote, actor.id, noteId, outcome.noteTotal), actor.id),
      this.bus.publish(userChannel(actor.id), 'vote.my_dots', { boardId, voteId: vote.id, revision: vote.revision, myDots }, actor.id),
    ]);
    return voteView(vote, myDots, results);
  }

  /** The board's vote, when the actor may end or clear it: who started it, or the owner. */
  private async facilitated(actor: Actor, boardId: string, action: string): Promise<VoteRecord> {
    const board = await this.access.assertMember(actor, boardId);
    const snapshot = await this.repository.find(boardId, actor.id);
    if (!snapshot) {
      throw new NoVoteError();
    }
    if (snapshot.vote.startedBy !== actor.id && board.ownerId !== actor.id) {
      throw new NotTheFacilitatorError(action);
    }
    return snapshot.vote;
  }
}
