import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Board, CreatedInviteLink, InviteLink, InviteLinkPreview } from '../../../contracts/boards';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { WRITE_LIMIT } from '../rate-limit/write-limit';
import type { Actor } from '../users/actor';
import { BoardDto } from './dto/board.dto';
import { CreatedInviteLinkDto, CreateInviteLinkDto, InviteLinkDto, InviteLinkPreviewDto } from './dto/invitation.dto';
import { INVITE_LINK_LIMIT } from './invite-link-limit';
import { InviteLinksService } from './invite-links.service';

const TOKEN_PARAM = { name: 'token', description: 'The secret from the link (43 characters of base64url); never logged' };

@ApiTags('boards')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller()
export class InviteLinksController {
  constructor(private readonly links: InviteLinksService) {}

  @Post('boards/:id/invite-links')
  @RateLimit(WRITE_LIMIT)
  @ApiOperation({
    summary: 'Create an invite link (owner only)',
    description:
      'The answer is the only time the token is sent: it is stored hashed. Whoever opens `path` while signed in joins with `role`. ' +
      '409 past MAX_INVITE_LINKS_PER_BOARD live links.',
  })
  @ApiCreatedResponse({ type: CreatedInviteLinkDto })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  create(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: CreateInviteLinkDto): Promise<CreatedInviteLink> {
    return this.links.create(actor, id, body);
  }

  @Get('boards/:id/invite-links')
  @ApiOperation({ summary: "The board's live invite links (owner only), oldest first; without their tokens" })
  @ApiOkResponse({ type: [InviteLinkDto] })
  @ApiErrors(400, 401, 403, 404)
  list(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<InviteLink[]> {
    return this.links.list(actor, id);
  }

  @Delete('boards/:id/invite-links/:linkId')
  @RateLimit(WRITE_LIMIT)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an invite link (owner only): from now on it answers 404' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 429)
  revoke(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('linkId') linkId: string): Promise<void> {
    return this.links.revoke(actor, id, linkId);
  }

  @Get('invite-links/:token')
  @RateLimit(INVITE_LINK_LIMIT)
  @ApiOperation({
    summary: 'What accepting an invite link would do',
    description: '404 unknown, malformed or revoked; 410 expired or used up.',
  })
  @ApiParam(TOKEN_PARAM)
  @ApiOkResponse({ type: InviteLinkPreviewDto })
  @ApiErrors(401, 404, 410, 429)
  preview(@CurrentActor() actor: Actor, @Param('token') token: string): Promise<InviteLinkPreview> {
    return this.links.preview(actor, token);
  }

  @Post('invite-links/:token/accept')
  @RateLimit(INVITE_LINK_LIMIT)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Join the board with the link's role",
    description:
      'Counts one use (atomically: never beyond maxUses) and publishes board.member_added. A member already on the board just gets it: ' +
      'their role is unchanged and no use is counted. 404 unknown, malformed or revoked; 410 expired or used up.',
  })
  @ApiParam(TOKEN_PARAM)
  @ApiOkResponse({ type: BoardDto })
  @ApiErrors(401, 404, 410, 429)
  accept(@CurrentActor() actor: Actor, @Param('token') token: string): Promise<Board> {
    return this.links.accept(actor, token);
  }
}
