import { Injectable } from '@nestjs/common';
import { type EncryptedContent, messageSignedBytes } from '../../../contracts/encryption';
import { ContentKeysRepository } from './content-keys.repository';
import { DevicesRepository } from './devices.repository';
import { verifiesSignature } from './key-material';
import { BadSignatureError, NewKeyNeededError, NotYourDeviceError } from './keys.errors';

/**
 * What the server can check of a message it can't read: sent by a current device of its author,
 * under the conversation's current key, and signed by that device over everything a server could
 * swap (so a message can't be replayed into another conversation or key).
 */
@Injectable()
export class EncryptedMessageCheck {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly keys: ContentKeysRepository,
  ) {}

  /** 400 unknown sender device or bad signature; 409 when the key isn't current or a rotation is due. */
  async assertSendable(authorId: string, conversationId: string, content: EncryptedContent): Promise<void> {
    const [device, state] = await Promise.all([this.devices.find(authorId, content.senderDeviceId), this.keys.state(conversationId)]);
    if (!device) {
      throw new NotYourDeviceError('encrypted.senderDeviceId');
    }
    if (state.currentKeyId !== content.keyId || state.rotationNeeded) {
      throw new NewKeyNeededError(state.currentKeyId, state.rotationNeeded);
    }
    const { signature, ...signed } = content;
    if (!verifiesSignature(device.signingPublicKey, messageSignedBytes(conversationId, signed), signature)) {
      throw new BadSignatureError('encrypted.signature');
    }
  }
}
