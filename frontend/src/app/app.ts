import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';

import { UpdatePrompt } from './pwa/update-prompt';

@Component({
  selector: 'cb-root',
  imports: [RouterOutlet, UpdatePrompt],
  template: '<router-outlet /><cb-update-prompt />',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {}
