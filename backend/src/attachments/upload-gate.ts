import { Injectable } from '@nestjs/common';
import { RateLimitedError, UnavailableError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';

/**
 * Uploads running on this pod: each holds a socket, a storage stream and, for images, a decoder.
 * Past the pod's cap: 503 with Retry-After (another pod may have room); past a user's: 429.
 */
@Injectable()
export class UploadGate {
  private running = 0;
  private readonly byUser = new Map<string, number>();

  constructor(private readonly config: AppConfig) {}

  /** Returns the release; call it exactly once when the upload ends, however it ends. */
  enter(userId: string): () => void {
    const { uploadsPerPod, uploadsPerUser } = this.config.attachments;
    if (this.running >= uploadsPerPod) {
      throw new UnavailableError('This server is busy with uploads: try again shortly', 2, 'uploads_busy');
    }
    const mine = this.byUser.get(userId) ?? 0;
    if (mine >= uploadsPerUser) {
      throw new RateLimitedError(`At most ${uploadsPerUser} uploads at once: wait for one to finish`, 1, 'too_many_uploads');
    }
    this.running++;
    this.byUser.set(userId, mine + 1);
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      this.running--;
      const left = (this.byUser.get(userId) ?? 1) - 1;
      if (left > 0) {
        this.byUser.set(userId, left);
      } else {
        this.byUser.delete(userId);
      }
    };
  }
}
