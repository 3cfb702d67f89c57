import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import type { ExportParams, Job, JobAccepted } from '@contracts/jobs';

const job = (id: string): string => `/api/jobs/${encodeURIComponent(id)}`;

/** Long-running exports and imports, typed by the shared contracts. */
@Injectable({ providedIn: 'root' })
export class JobsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<Job[]> {
    return this.http.get<Job[]>('/api/jobs');
  }

  get(id: string): Observable<Job> {
    return this.http.get<Job>(job(id));
  }

  startExport(params: ExportParams): Observable<JobAccepted> {
    return this.http.post<JobAccepted>('/api/jobs', { type: 'board.export', params });
  }

  /** The board goes in the query: the server checks it before it reads the file. */
  startImport(boardId: string, file: File): Observable<JobAccepted> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.http.post<JobAccepted>('/api/jobs/import', form, { params: { boardId } });
  }

  cancel(id: string): Observable<Job> {
    return this.http.delete<Job>(job(id));
  }
}
