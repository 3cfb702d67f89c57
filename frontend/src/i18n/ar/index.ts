import localeData from '@angular/common/locales/ar';

import type { LocaleBundle } from '../bundle';
import { shell } from './shell';
import { auth } from './auth';
import { boards } from './boards';
import { board } from './board';
import { facilitation } from './facilitation';
import { follow } from './follow';
import { presence } from './presence';
import { chat } from './chat';
import { calls } from './calls';
import { encryption } from './encryption';
import { jobs } from './jobs';
import { notifications } from './notifications';
import { offline } from './offline';
import { pwa } from './pwa';
import { realtime } from './realtime';
import { core } from './core';
import { errors } from './errors';
import { a11y } from './a11y';

export const bundle: LocaleBundle = {
  localeData,
  translations: {
    ...shell,
    ...auth,
    ...boards,
    ...board,
    ...facilitation,
    ...follow,
    ...presence,
    ...chat,
    ...calls,
    ...encryption,
    ...jobs,
    ...notifications,
    ...offline,
    ...pwa,
    ...realtime,
    ...core,
    ...errors,
    ...a11y,
  },
};
