import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { bodyShapeGuard } from './common/body-shape';
import { HttpExceptionFilter, sendError } from './common/http-exception.filter';
import { CodedValidationPipe } from './common/validation-pipe';
import { type AppConfig } from './config/app-config';
import { setupSwagger } from './docs/swagger';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { ConnectionsService } from './events/connections.service';
import { StreamService } from './events/stream.service';
import { mountStreamRoute, StreamRoute } from './events/stream-route';
import { MetricsService } from './metrics/metrics.service';
import { apiSecurityHeaders, CSP_NONCE_PLACEHOLDER, securityHeaders } from './security/security-headers';

export const JSON_BODY_LIMIT = '64kb';
export const CALLS_JSON_BODY_LIMIT = '72kb';

/** Builds a fully configured app; main.ts and the integration tests share it. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    // Throw boot errors (e.g. Redis unreachable) to the caller instead of exiting inside Nest.
    abortOnError: false,
    bodyParser: false,
    // Open SSE responses would otherwise keep app.close() waiting forever.
    forceCloseConnections: true,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // Ahead of Express: opening a stream must not pay for the middleware chain below (stream-route.ts).
  mountStreamRoute(
    app.getHttpServer(),
    new StreamRoute({
      streams: app.get(StreamService),
      connections: app.get(ConnectionsService),
      auth: app.get(AuthService),
      guards: [app.get(AuthGuard)],
      metrics: app.get(MetricsService),
      securityHeaders: apiSecurityHeaders(),
      corsEnabled: config.corsOrigins.length > 0,
    }),
  );
  app.use(securityHeaders());
  app.set('trust proxy', trustProxySetting(config.trustProxy));
  app.use(cookieParser());
  // An SDP alone may be 64 KB (MAX_SDP_LENGTH): call signalling gets room for it and its envelope.
  app.use('/api/calls', express.json({ limit: CALLS_JSON_BODY_LIMIT }));
  app.use(express.json({ limit: JSON_BODY_LIMIT }));
  app.use(bodyShapeGuard);
  // Body parser failures (413, bad JSON) happen before Nest routes: answer them in the same shape.
  app.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) {
      return next(error);
    }
    sendError(response, error);
  });
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: [...config.corsOrigins], credentials: true, exposedHeaders: ['Retry-After', 'X-Request-Id'] });
  }
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new CodedValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }));
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  setupSwagger(app);
  serveFrontend(app, config);
  return app;
}

/** The built Angular app at `/`, with every non-API path falling back to index.html. */
function serveFrontend(app: NestExpressApplication, config: AppConfig): void {
  const index = join(config.staticDir, 'index.html');
  if (!existsSync(index)) {
    app.get(Logger).warn(`No frontend build at ${config.staticDir}: run \`npm run build\` to serve the app at /`);
    return;
  }
  // Read once: every page response is this file with its own CSP nonce filled in.
  const page = readFileSync(index, 'utf8');
  // @angular/build names bundles by content hash (main-4QKAXLTB.js), so they can be cached for good;
  // index.html, the service worker and its manifest never.
  const assets = express.static(config.staticDir, {
    index: false,
    setHeaders: (response, path) =>
      response.setHeader('Cache-Control', /-[0-9A-Z]{8}\.(js|css)$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  // These run before Nest's routes: API calls and streams skip them rather than cost a file lookup each.
  // index.html itself is a page too: the service worker caches it by that name, and the raw file's
  // placeholder nonce would not match the CSP header, leaving the app unstyled.
  app.use((request: Request, response: Response, next: NextFunction): void => {
    if (isServerPath(request.path) || request.path === '/index.html') {
      next();
    } else {
      void assets(request, response, next);
    }
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') && !isServerPath(request.path) && request.accepts('html') === 'html';
    if (!isPage) {
      return next();
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.type('html').send(page.replaceAll(CSP_NONCE_PLACEHOLDER, response.locals.cspNonce as string));
  });
}

// /metrics moved to its own port (MetricsServer): a scraper still pointed here gets a 404, not the page.
function isServerPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/metrics';
}

function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true') {
    return true;
  }
  if (value === 'false') {
    return false;
  }
  if (/^\d+$/.test(value)) {
    return Number(value);
  }
  return value;
}
