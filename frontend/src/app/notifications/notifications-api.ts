import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import type { NotificationList } from '@contracts/chat';

@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly http = inject(HttpClient);

  /** Newest first, at most 100, with the unread count among them. */
  list(): Observable<NotificationList> {
    return this.http.get<NotificationList>('/api/notifications');
  }

  /** Marks these read, or all when `ids` is absent; every tab hears notification.read. */
  markRead(ids?: string[]): Observable<void> {
    return this.http.post<void>('/api/notifications/read', ids ? { ids } : {});
  }
}
