// Stable error codes carried by every error response (ErrorBody.code). The app shows the text it
// has for a code in the user's language, never the server's English `message`; a code it does
// not know yet falls back to the general one for the status. Codes are never renamed or reused.

/** One per HTTP answer kind: what an error without a more precise code says. */
export const GENERAL_ERROR_CODES = [
  'invalid_input',
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  'unsupported_media_type',
  'gone',
  'rate_limited',
  'unavailable',
  'internal',
] as const;

/** Precise reasons, each given by one domain error or one refusal (append only: never rename). */
export const SPECIFIC_ERROR_CODES = [
  // Request bodies and sessions
  'invalid_json',
  'authentication_required',
  'invalid_credentials',
  'session_too_old',
  'too_many_attempts',
  'cross_site_refused',
  'admin_only',
  'username_taken',
  'idempotency_in_progress',
  'idempotency_key_reused',
  // Boards, members, invitations
  'board_not_found',
  'not_a_board_member',
  'owner_only',
  'viewer_read_only',
  'unknown_username',
  'owner_cannot_leave',
  'member_not_found',
  'already_a_member',
  'owner_role_fixed',
  'already_the_owner',
  'invitation_not_found',
  'invitation_settled',
  'invitation_expired',
  'invite_link_not_found',
  'invite_link_expired',
  'invite_link_used_up',
  'too_many_invite_links',
  // Notes and trash
  'note_not_found',
  'board_full',
  'stale_note',
  'note_not_in_trash',
  'note_id_taken',
  // Facilitation
  'timer_state_conflict',
  'timer_busy',
  'no_vote',
  'vote_note_not_found',
  'vote_running',
  'vote_ended',
  'no_dots_left',
  'no_dot_here',
  'facilitator_only',
  // Chat
  'conversation_not_found',
  'not_a_participant',
  'unknown_usernames',
  'not_enough_participants',
  'plaintext_refused',
  'encrypted_refused',
  'mentions_refused',
  'message_body_required',
  'message_not_found',
  'not_the_author',
  'cannot_leave_conversation',
  // Attachments
  'attachment_not_found',
  'attachment_forbidden',
  'file_too_large',
  'quota_exceeded',
  'mime_mismatch',
  'undecodable_image',
  'encrypted_upload_required',
  'encrypted_upload_refused',
  'no_file_part',
  'attachment_not_usable',
  'attachment_already_sent',
  'too_many_uploads',
  'uploads_busy',
  // End-to-end encryption keys
  'device_keys_differ',
  'device_retired',
  'too_many_devices',
  'device_not_found',
  'user_not_found',
  'not_your_device',
  'not_encrypted',
  'stale_key',
  'key_id_taken',
  'missing_devices',
  'unknown_recipient_device',
  'duplicate_recipient_device',
  'bad_signature',
  'content_key_not_found',
  'new_key_needed',
  // Calls
  'call_not_found',
  'cannot_call_yourself',
  'not_a_collaborator',
  'callee_only',
  'callee_busy',
  'already_in_call',
  'call_state_conflict',
  // Jobs, import and export
  'job_not_found',
  'not_the_job_owner',
  'job_finished',
  'job_result_not_ready',
  'job_result_expired',
  'too_many_active_jobs',
  'board_full_for_import',
  'no_boards_to_export',
  'import_file_missing',
  'import_file_empty',
  'import_file_type',
  'import_not_text',
  'import_too_many_rows',
  'import_csv_unreadable',
  'import_csv_header',
  'import_json_unreadable',
  'import_json_shape',
  // Live streams
  'too_many_streams',
  'channel_forbidden',
  // Why a job failed (Job.errorCode): not HTTP answers
  'job_gave_up',
  'job_owner_gone',
] as const;

export type GeneralErrorCode = (typeof GENERAL_ERROR_CODES)[number];

const GENERAL_CODE_BY_STATUS: Readonly<Record<number, GeneralErrorCode>> = {
  400: 'invalid_input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  410: 'gone',
  413: 'too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  502: 'unavailable',
  503: 'unavailable',
  504: 'unavailable',
};

/** The general code an answer of this status stands for; undefined for a 4xx no answer kind has. */
export function generalCodeOfStatus(status: number): GeneralErrorCode | undefined {
  return GENERAL_CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : undefined);
}

export const ERROR_CODES = [...GENERAL_ERROR_CODES, ...SPECIFIC_ERROR_CODES] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
