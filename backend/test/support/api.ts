import request from 'supertest';
import type { AssignableRole, Board, BoardInvitation, BoardSnapshot, Note } from '../../../contracts/boards';
import { register, type Session, uniqueUsername } from './http';

/** A registered user with helpers for the board API, speaking to one pod. */
export class ApiUser {
  private constructor(
    private url: string,
    readonly session: Session,
  ) {}

  static async register(url: string, prefix = 'user'): Promise<ApiUser> {
    return new ApiUser(url, await register(url, uniqueUsername(prefix)));
  }

  get id(): string {
    return this.session.user.id;
  }

  get username(): string {
    return this.session.user.username;
  }

  get token(): string {
    return this.session.accessToken;
  }

  /** The same user, talking to another pod. */
  on(url: string): ApiUser {
    return new ApiUser(url, this.session);
  }

  get api() {
    const auth = `Bearer ${this.token}`;
    const agent = request(this.url);
    return {
      get: (path: string) => agent.get(path).set('Authorization', auth),
      post: (path: string) => agent.post(path).set('Authorization', auth),
      patch: (path: string) => agent.patch(path).set('Authorization', auth),
      delete: (path: string) => agent.delete(path).set('Authorization', auth),
    };
  }

  async createBoard(title = 'Board'): Promise<Board> {
    return (await this.api.post('/api/boards').send({ title }).expect(201)).body as Board;
  }

  /** A pending invitation (owner only): the invitee is no member until they accept. */
  async invite(boardId: string, username: string, role?: AssignableRole): Promise<BoardInvitation> {
    return (await this.api.post(`/api/boards/${boardId}/members`).send({ username, role }).expect(201)).body as BoardInvitation;
  }

  /** Makes `member` a member (this user owns the board): invites them, and they accept. */
  async addMember(boardId: string, member: ApiUser, role?: AssignableRole): Promise<Board> {
    const invitation = await this.invite(boardId, member.username, role);
    return member.acceptInvitation(invitation.id);
  }

  async acceptInvitation(invitationId: string): Promise<Board> {
    return (await this.api.post(`/api/invitations/${invitationId}/accept`).expect(200)).body as Board;
  }

  async createNote(boardId: string, text = 'note', extra: Record<string, unknown> = {}): Promise<Note> {
    return (
      await this.api
        .post(`/api/boards/${boardId}/notes`)
        .send({ text, x: 10, y: 20, color: 'yellow', ...extra })
        .expect(201)
    ).body as Note;
  }

  async snapshot(boardId: string): Promise<BoardSnapshot> {
    return (await this.api.get(`/api/boards/${boardId}`).expect(200)).body as BoardSnapshot;
  }
}
