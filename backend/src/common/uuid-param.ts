import { Param, ParseUUIDPipe } from '@nestjs/common';

/** Every id in a path is a v4 UUID: anything else is a 400 before a handler or a repository sees it. */
const uuidV4 = new ParseUUIDPipe({ version: '4' });

/** `@UuidParam('id')`: the path parameter, checked to be a v4 UUID. */
export const UuidParam = (name: string): ParameterDecorator => Param(name, uuidV4);
