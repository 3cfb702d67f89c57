import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** Form-level error box; role="alert" makes screen readers announce it when it appears. */
@Component({
  selector: 'cb-form-errors',
  template: `
    @if (messages().length > 0) {
      <div class="form-error" role="alert" data-testid="form-error">
        @if (messages().length === 1) {
          <p>{{ messages()[0] }}</p>
        } @else {
          <ul>
            @for (message of messages(); track $index) {
              <li>{{ message }}</li>
            }
          </ul>
        }
      </div>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FormErrors {
  readonly messages = input.required<readonly string[]>();
}
