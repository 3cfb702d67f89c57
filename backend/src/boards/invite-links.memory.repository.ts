import { type InviteLinkRecord, InviteLinksRepository, isLive, type UseResult } from './invite-links.repository';

export class MemoryInviteLinksRepository extends InviteLinksRepository {
  /** By token hash. */
  private readonly links = new Map<string, InviteLinkRecord>();

  async create(link: InviteLinkRecord, maxLive: number, now: number): Promise<'created' | 'full'> {
    if ((await this.listLive(link.boardId, now)).length >= maxLive) {
      return 'full';
    }
    this.links.set(link.tokenHash, { ...link });
    return 'created';
  }

  async findByTokenHash(tokenHash: string): Promise<InviteLinkRecord | undefined> {
    const link = this.links.get(tokenHash);
    return link && { ...link };
  }

  async listLive(boardId: string, now: number): Promise<InviteLinkRecord[]> {
    return [...this.links.values()]
      .filter((link) => link.boardId === boardId && isLive(link, now))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((link) => ({ ...link }));
  }

  async revoke(boardId: string, linkId: string): Promise<boolean> {
    const found = [...this.links.values()].find((link) => link.boardId === boardId && link.id === linkId);
    return found !== undefined && this.links.delete(found.tokenHash);
  }

  async use(tokenHash: string, now: number): Promise<UseResult> {
    const link = this.links.get(tokenHash);
    if (!link) {
      return { result: 'missing' };
    }
    if (link.expiresAt <= now) {
      return { result: 'expired' };
    }
    if (link.maxUses !== undefined && link.uses >= link.maxUses) {
      return { result: 'used_up' };
    }
    link.uses += 1;
    return { result: 'used', link: { ...link } };
  }

  async deleteBoard(boardId: string): Promise<void> {
    for (const [hash, link] of this.links) {
      if (link.boardId === boardId) {
        this.links.delete(hash);
      }
    }
  }
}
