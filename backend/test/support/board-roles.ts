import type { AssignableRole } from '../../../contracts/boards';
import type { ApiUser } from './api';

interface InvitationLike {
  id: string;
  status: string;
}

/**
 * Puts `user` on the board with `role`: the owner invites them, they accept the invitation when
 * inviting made one (invitations are accepted, not imposed), and the owner sets a role other than
 * the default editor.
 */
export async function joinBoard(owner: ApiUser, user: ApiUser, boardId: string, role: AssignableRole = 'editor'): Promise<void> {
  const invited = await owner.api.post(`/api/boards/${boardId}/members`).send({ username: user.username });
  if (invited.status !== 201 && invited.status !== 200) {
    throw new Error(`inviting ${user.username} answered ${invited.status}: ${JSON.stringify(invited.body)}`);
  }
  const body = invited.body as { invitation?: InvitationLike } & Partial<InvitationLike>;
  const invitation = body.invitation ?? (body.status === 'pending' && body.id ? (body as InvitationLike) : undefined);
  if (invitation) {
    await user.api.post(`/api/invitations/${invitation.id}/accept`).expect((response) => {
      if (response.status >= 300) {
        throw new Error(`accepting the invitation answered ${response.status}`);
      }
    });
  }
  if (role !== 'editor') {
    await owner.api.patch(`/api/boards/${boardId}/members/${user.id}`).send({ role }).expect(200);
  }
}
