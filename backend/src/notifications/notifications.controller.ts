import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { NotificationList } from '../../../contracts/chat';
import type { Actor } from '../users/actor';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { MarkNotificationsReadDto } from './dto/mark-read.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ description: '`{notifications (newest first, at most 100), unreadCount}`' })
  @ApiErrors(401)
  list(@CurrentActor() user: Actor): Promise<NotificationList> {
    return this.notifications.list(user.id);
  }

  @Post('read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Publishes notification.read on your user channel (all your tabs update)' })
  @ApiErrors(400, 401)
  markRead(@CurrentActor() user: Actor, @Body() body: MarkNotificationsReadDto): Promise<void> {
    return this.notifications.markRead(user.id, body.ids);
  }
}
