import { getSchemaPath } from '@nestjs/swagger';
import { type EventSchemas, objectSchema as obj, stringSchema as string } from '../events/events.openapi';
import { ChatMessageDto, ConversationDto } from './dto/chat-response.dto';

const message = { $ref: getSchemaPath(ChatMessageDto) };

export const CHAT_EVENT_SCHEMAS: EventSchemas<
  'chat.message' | 'chat.message_deleted' | 'chat.typing' | 'chat.read' | 'conversation.created' | 'conversation.activity'
> = {
  models: [ChatMessageDto, ConversationDto],
  data: {
    'chat.message': obj({ message }),
    'chat.message_deleted': obj({ roomId: string, messageId: string }),
    'chat.typing': obj({ roomId: string, userId: string, until: { type: 'string', format: 'date-time' } }),
    'chat.read': obj({ roomId: string, messageId: string }),
    'conversation.created': obj({ conversation: { $ref: getSchemaPath(ConversationDto) } }),
    'conversation.activity': obj({ conversationId: string, message }),
  },
};
