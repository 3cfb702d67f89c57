import { Injectable } from '@nestjs/common';
import { type ChannelName, userChannel } from '../../../contracts/channels';
import {
  type ConversationKeys,
  type Device,
  MAX_DEVICES_PER_USER,
  MAX_RETIRED_DEVICES_PER_USER,
  type PublishDeviceRequest,
  type WrappedKey,
  wrapSignedBytes,
} from '../../../contracts/encryption';
import type { Actor } from '../users/actor';
import { ConversationNotFoundError, NotAParticipantError } from '../chat/chat.errors';
import { type ConversationRecord, ConversationsRepository } from '../chat/conversations.repository';
import { EventBus } from '../events/event-bus';
import { UsersRepository } from '../users/users.repository';
import { ContentKeysRepository } from './content-keys.repository';
import { byCreation, DevicesRepository } from './devices.repository';
import { publicJwk, verifiesSignature } from './key-material';
import {
  BadSignatureError,
  ContentKeyNotFoundError,
  DeviceKeysDifferError,
  DeviceNotFoundError,
  DeviceRetiredError,
  DuplicateRecipientDeviceError,
  KeyIdTakenError,
  MissingDeviceWrapsError,
  NotEncryptedError,
  NotYourDeviceError,
  StaleKeyError,
  TooManyDevicesError,
  UnknownRecipientDeviceError,
  UserNotFoundError,
} from './keys.errors';

/** A participant's current device, by id. */
type DeviceDirectory = Map<string, Device>;

/**
 * Devices and the content keys of encrypted conversations. The server never holds a key: it
 * checks who may publish what, that every wrap is signed by a current device of its sender, and
 * that a new key reaches every current device, then stores and announces.
 */
@Injectable()
export class KeysService {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly keys: ContentKeysRepository,
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersRepository,
    private readonly bus: EventBus,
  ) {}

  async publishDevice(actor: Actor, deviceId: string, request: PublishDeviceRequest): Promise<{ device: Device; created: boolean }> {
    const device: Device = {
      id: deviceId,
      userId: actor.id,
      name: request.name,
      ecdhPublicKey: publicJwk(request.ecdhPublicKey),
      signingPublicKey: publicJwk(request.signingPublicKey),
      createdAt: new Date().toISOString(),
    };
    const outcome = await this.devices.publish(device, MAX_DEVICES_PER_USER);
    switch (outcome) {
      case 'keys_differ':
        throw new DeviceKeysDifferError();
      case 'full':
        throw new TooManyDevicesError(MAX_DEVICES_PER_USER);
      case 'retired':
        throw new DeviceRetiredError();
      case 'unchanged':
        return { device: (await this.devices.find(actor.id, deviceId)) ?? device, created: false };
      case 'created':
        await this.bus.publishMany(await this.audienceOf(actor.id), 'device.added', { device }, actor.id);
        return { device, created: true };
    }
  }

  myDevices(actor: Actor, includeRetired = false): Promise<Device[]> {
    return this.listDevices(actor.id, includeRetired);
  }

  async devicesOf(userId: string, includeRetired = false): Promise<Device[]> {
    if (!(await this.users.findById(userId))) {
      throw new UserNotFoundError();
    }
    return this.listDevices(userId, includeRetired);
  }

  /**
   * The device is retired, not forgotten: what it signed and wrapped before stays verifiable.
   * Conversations whose current key it could read need a new key before the next message.
   */
  async removeDevice(actor: Actor, deviceId: string): Promise<void> {
    if (!(await this.devices.retire(actor.id, deviceId, new Date().toISOString(), MAX_RETIRED_DEVICES_PER_USER))) {
      throw new DeviceNotFoundError();
    }
    const conversations = await this.conversations.listFor(actor.id);
    await Promise.all(
      conversations
        .filter((conversation) => conversation.encrypted)
        .map((conversation) => this.keys.markRotationNeeded(conversation.id, deviceId)),
    );
    await this.bus.publishMany(await this.audienceOf(actor.id, conversations), 'device.removed', { userId: actor.id, deviceId }, actor.id);
  }

  async createKey(actor: Actor, conversationId: string, keyId: string, previousKeyId: string | null, wraps: WrappedKey[]): Promise<void> {
    const conversation = await this.encryptedConversation(actor, conversationId);
    const directory = await this.participantDevices(conversation);
    this.assertWraps(actor, conversationId, keyId, wraps, directory);
    const wrapped = new Set(wraps.map((wrap) => wrap.deviceId));
    const missing = [...directory.keys()].filter((deviceId) => !wrapped.has(deviceId));
    if (missing.length > 0) {
      throw new MissingDeviceWrapsError(missing);
    }
    const outcome = await this.keys.create(
      conversationId,
      previousKeyId,
      { keyId, createdBy: actor.id, createdAt: new Date().toISOString() },
      wraps,
    );
    switch (outcome) {
      case 'stale':
        throw new StaleKeyError((await this.keys.state(conversationId)).currentKeyId);
      case 'exists':
        throw new KeyIdTakenError();
      case 'created':
        await this.bus.publishMany(
          conversation.participantIds.map(userChannel),
          'conversation.key_rotated',
          { conversationId, keyId },
          actor.id,
        );
    }
  }

  async keysFor(actor: Actor, conversationId: string, deviceId: string): Promise<ConversationKeys> {
    await this.encryptedConversation(actor, conversationId);
    await this.assertOwnDevice(actor, deviceId, 'deviceId');
    const [state, keys] = await Promise.all([this.keys.state(conversationId), this.keys.forDevice(conversationId, deviceId)]);
    return {
      currentKeyId: state.currentKeyId,
      rotationNeeded: state.rotationNeeded,
      keys: keys.map(({ wrapped, ...meta }) => ({ ...meta, current: meta.keyId === state.currentKeyId, wrapped })),
    };
  }

  /** Answers a key request: devices that have the key already keep theirs. Returns the devices that got it now. */
  async addWraps(actor: Actor, conversationId: string, keyId: string, wraps: WrappedKey[]): Promise<string[]> {
    const conversation = await this.encryptedConversation(actor, conversationId);
    if (!(await this.keys.find(conversationId, keyId))) {
      throw new ContentKeyNotFoundError();
    }
    const directory = await this.participantDevices(conversation);
    this.assertWraps(actor, conversationId, keyId, wraps, directory);
    const added = await this.keys.addWraps(conversationId, keyId, wraps);
    for (const deviceId of added) {
      const owner = directory.get(deviceId)!.userId;
      await this.bus.publish(userChannel(owner), 'conversation.key_shared', { conversationId, deviceId, keyIds: [keyId] }, actor.id);
    }
    return added;
  }

  async requestKeys(actor: Actor, conversationId: string, deviceId: string, keyIds: string[] | undefined): Promise<void> {
    const conversation = await this.encryptedConversation(actor, conversationId);
    await this.assertOwnDevice(actor, deviceId, 'deviceId');
    await this.bus.publishMany(
      conversation.participantIds.map(userChannel),
      'conversation.key_requested',
      { conversationId, userId: actor.id, deviceId, ...(keyIds === undefined ? {} : { keyIds }) },
      actor.id,
    );
  }

  private async listDevices(userId: string, includeRetired: boolean): Promise<Device[]> {
    if (!includeRetired) {
      return this.devices.list(userId);
    }
    const [current, retired] = await Promise.all([this.devices.list(userId), this.devices.listRetired(userId)]);
    return [...current, ...retired].sort(byCreation);
  }

  /** 404 unknown, 403 not a participant (guessed ids included), 409 not encrypted. */
  private async encryptedConversation(actor: Actor, conversationId: string): Promise<ConversationRecord> {
    const conversation = await this.conversations.find(conversationId);
    if (!conversation) {
      throw new ConversationNotFoundError();
    }
    if (!conversation.participantIds.includes(actor.id)) {
      throw new NotAParticipantError();
    }
    if (!conversation.encrypted) {
      throw new NotEncryptedError();
    }
    return conversation;
  }

  private async assertOwnDevice(actor: Actor, deviceId: string, field: string): Promise<Device> {
    const device = await this.devices.find(actor.id, deviceId);
    if (!device) {
      throw new NotYourDeviceError(field);
    }
    return device;
  }

  private async participantDevices(conversation: ConversationRecord): Promise<DeviceDirectory> {
    const lists = await Promise.all(conversation.participantIds.map((userId) => this.devices.list(userId)));
    return new Map(lists.flat().map((device) => [device.id, device]));
  }

  /** Each wrap: for a current participant device, once, by a current device of the actor, validly signed. */
  private assertWraps(actor: Actor, conversationId: string, keyId: string, wraps: WrappedKey[], directory: DeviceDirectory): void {
    const seen = new Set<string>();
    for (const wrap of wraps) {
      if (!directory.has(wrap.deviceId)) {
        throw new UnknownRecipientDeviceError(wrap.deviceId);
      }
      if (seen.has(wrap.deviceId)) {
        throw new DuplicateRecipientDeviceError(wrap.deviceId);
      }
      seen.add(wrap.deviceId);
      const sender = directory.get(wrap.senderDeviceId);
      // The directory holds the actor's devices too: they are a participant.
      if (sender?.userId !== actor.id) {
        throw new NotYourDeviceError('wrappedKeys.senderDeviceId');
      }
      const { signature, ...signed } = wrap;
      if (!verifiesSignature(sender.signingPublicKey, wrapSignedBytes(conversationId, keyId, signed), signature)) {
        throw new BadSignatureError(`wrappedKeys (device ${wrap.deviceId})`);
      }
    }
  }

  /** The owner's channel and those of everyone sharing a conversation with them: contacts learn of devices live. */
  private async audienceOf(userId: string, conversations?: ConversationRecord[]): Promise<ChannelName[]> {
    const shared = conversations ?? (await this.conversations.listFor(userId));
    const people = new Set([userId, ...shared.flatMap((conversation) => conversation.participantIds)]);
    return [...people].map(userChannel);
  }
}
