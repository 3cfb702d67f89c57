import type { ApiUser } from './api';

/**
 * Makes `user` an editor of the owner's board through the API: the owner invites them and, when
 * the invitation waits for an answer (pending), they accept it.
 */
export async function joinBoard(owner: ApiUser, boardId: string, user: ApiUser): Promise<void> {
  const invited = await owner.api.post(`/api/boards/${boardId}/members`).send({ username: user.username }).expect(201);
  const invitation = invited.body as { id: string; status?: string };
  if (invitation.status === 'pending') {
    await user.api.post(`/api/invitations/${invitation.id}/accept`).expect(200);
  }
}
