import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { SESSION_COOKIE } from '../../../contracts/api';
import { AppConfig } from '../config/app-config';
import { EVENT_MODELS, fillEventEnvelopes } from './event-schemas';

/** Serves the OpenAPI page at /api/docs and its JSON at /api/docs-json. */
export function setupSwagger(app: INestApplication): void {
  const config = app.get(AppConfig);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Corkboard API')
      .setDescription(
        'Clients send with HTTP POST/PATCH/DELETE; the server pushes with Server-Sent Events. ' +
          'Authenticate with `Authorization: Bearer <token>` or the HttpOnly `cb_session` cookie. ' +
          'Every error has the shape `{statusCode, error, message, code}` (plus `fields` on validation errors): ' +
          '`code` is a stable reason to show translated text for; `message` is English, for developers.',
      )
      .setVersion(config.version)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addCookieAuth(SESSION_COOKIE)
      .build(),
    { extraModels: EVENT_MODELS },
  );
  fillEventEnvelopes(document);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'Corkboard API',
  });
}
