import { ChangeDetectionStrategy, Component } from '@angular/core';

/** Placeholder until the boards feature lands; keeps the page heading and empty state in place. */
@Component({
  selector: 'cb-boards-page',
  templateUrl: './boards-page.html',
  styleUrl: './boards-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardsPage {}
