/**
 * Extra settings for every e2e server (the memory pod and both cluster pods): jobs pause
 * between batches, so an import's progress and its notes can be watched arriving.
 */
export const jobPacing = { JOB_BATCH_PAUSE_MS: '250' };
