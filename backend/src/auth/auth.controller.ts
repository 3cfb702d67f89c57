import { Body, Controller, Get, HttpCode, HttpStatus, Ip, Patch, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { SESSION_COOKIE } from '../../../contracts/api';
import type { AuthResponse, Me } from '../../../contracts/api';
import type { Preferences } from '../../../contracts/i18n';
import { ApiErrors } from '../common/api-errors.decorator';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { UnauthenticatedError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { WRITE_LIMIT } from '../rate-limit/write-limit';
import { UserPreferences } from '../users/user-preferences';
import type { AuthUser } from './auth-user';
import { AuthService, IssuedToken } from './auth.service';
import { AuthThrottle } from './auth-throttle';
import { CurrentUser } from './current-user.decorator';
import { AuthResponseDto, MeDto } from './dto/auth-response.dto';
import { LoginDto } from './dto/login.dto';
import { PreferencesDto, PreferencesRequestDto } from './dto/preferences.dto';
import { RegisterDto } from './dto/register.dto';
import { Public } from './public.decorator';
import { SESSION_LIMIT } from './session-limit';
import { extractToken } from './token-extractor';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly throttle: AuthThrottle,
    private readonly config: AppConfig,
    private readonly preferences: UserPreferences,
  ) {}

  @Public()
  @Post('register')
  @ApiCreatedResponse({ type: AuthResponseDto, description: 'Also sets the HttpOnly cb_session cookie' })
  @ApiErrors(400, 403, 409, 413, 429)
  async register(@Body() body: RegisterDto, @Ip() ip: string, @Res({ passthrough: true }) response: Response): Promise<AuthResponse> {
    await this.throttle.register(ip);
    return this.withCookie(response, await this.auth.register(body.username, body.password, body.displayName));
  }

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AuthResponseDto, description: 'Also sets the HttpOnly cb_session cookie' })
  @ApiErrors(400, 401, 403, 429)
  async login(@Body() body: LoginDto, @Ip() ip: string, @Res({ passthrough: true }) response: Response): Promise<AuthResponse> {
    await this.throttle.login(ip, body.username);
    return this.withCookie(response, await this.auth.login(body.username, body.password));
  }

  // Public: a client holding an expired or already revoked token must still be able to clear its cookie.
  @Public()
  @Post('logout')
  @RateLimit(SESSION_LIMIT)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      "Ends the presented token's session on every pod: its tokens stop working, its open streams close (stream.closing session_revoked)",
  })
  @ApiNoContentResponse({ description: 'Clears the session cookie' })
  @ApiErrors(403, 429, 503)
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    response.clearCookie(SESSION_COOKIE, this.cookieOptions());
    const presented = extractToken(request);
    if (!presented) {
      return;
    }
    // A token that is no longer valid has nothing left to revoke; anything else (Redis down: 503)
    // must reach the client, which would otherwise believe the session ended.
    const caller = await this.auth.authenticate(presented.token, presented.via).catch((error: unknown) => {
      if (error instanceof UnauthenticatedError) {
        return undefined;
      }
      throw error;
    });
    if (caller) {
      await this.auth.logout(caller);
    }
  }

  @Post('logout-all')
  @RateLimit(SESSION_LIMIT)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({
    summary:
      'Log out everywhere: every session of the caller ends, this one included; each open stream gets stream.closing session_revoked',
  })
  @ApiNoContentResponse({ description: 'Clears the session cookie' })
  @ApiErrors(401, 403, 429, 503)
  async logoutAll(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.logoutEverywhere(user);
    response.clearCookie(SESSION_COOKIE, this.cookieOptions());
  }

  @Post('refresh')
  @RateLimit(SESSION_LIMIT)
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({ summary: 'Rotates the token: a new one of the same session, the presented one stops working. 401 past SESSION_MAX_AGE' })
  @ApiOkResponse({ type: AuthResponseDto, description: 'A fresh token and cookie for the current user' })
  @ApiErrors(401, 403, 429)
  async refresh(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) response: Response): Promise<AuthResponse> {
    return this.withCookie(response, await this.auth.refresh(user));
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOkResponse({ type: MeDto })
  @ApiErrors(401)
  async me(@CurrentUser() user: AuthUser): Promise<Me> {
    const { locale } = await this.preferences.of(user.id);
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      expiresAt: new Date(user.tokenExpiresAt * 1000).toISOString(),
      locale,
    };
  }

  @Patch('me/preferences')
  @RateLimit(WRITE_LIMIT)
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({ summary: 'Changes how the app speaks to the caller (its language) on every device they sign in on' })
  @ApiOkResponse({ type: PreferencesDto, description: 'The preferences now in force' })
  @ApiErrors(400, 401, 403, 429)
  updatePreferences(@CurrentUser() user: AuthUser, @Body() body: PreferencesRequestDto): Promise<Preferences> {
    return this.preferences.update(user.id, { locale: body.locale });
  }

  private withCookie(response: Response, issued: IssuedToken): AuthResponse {
    response.cookie(SESSION_COOKIE, issued.accessToken, { ...this.cookieOptions(), maxAge: issued.ttlSeconds * 1000 });
    return { user: issued.user, accessToken: issued.accessToken, expiresAt: issued.expiresAt };
  }

  private cookieOptions(): CookieOptions {
    return { httpOnly: true, sameSite: 'strict', secure: this.config.cookieSecure, path: '/' };
  }
}
