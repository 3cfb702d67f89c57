import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'corkboard:public';

/** Opts a route out of the global auth guard; everything else requires a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
