import type { ErrorCode } from '@contracts/errors';

// The app's own words for the server's error codes (contracts/errors.ts), in the user's language.
// Functions, not strings: $localize translates when called, so a table built before the
// translations were loaded (as in specs) still speaks the current language.

type Text = () => string;

/** Failures that are not an answer of the server. */
export const UNKNOWN_FAILURE: Text = () => $localize`:@@errors.unknown:Something went wrong. Please try again.`;
export const UNREACHABLE: Text = () => $localize`:@@errors.unreachable:Cannot reach the server. Check your connection and try again.`;

/** What every answer kind says when the app has nothing more precise for its code. */
export const GENERAL_TEXTS = {
  invalid_input: () => $localize`:@@errors.invalid_input:Check what you entered and try again.`,
  validation_failed: () => $localize`:@@errors.validation_failed:Check what you entered and try again.`,
  unauthenticated: () => $localize`:@@errors.unauthenticated:Sign in to continue.`,
  forbidden: () => $localize`:@@errors.forbidden:You aren’t allowed to do that.`,
  not_found: () => $localize`:@@errors.not_found:This could not be found. It may have been deleted.`,
  conflict: () => $localize`:@@errors.conflict:This changed in the meantime. Reload and try again.`,
  too_large: () => $localize`:@@errors.too_large:This is too large.`,
  unsupported_media_type: () => $localize`:@@errors.unsupported_media_type:This type of file isn’t supported.`,
  gone: () => $localize`:@@errors.gone:This has expired or is no longer available.`,
  rate_limited: () => $localize`:@@errors.rate_limited:Too many requests. Wait a moment, then try again.`,
  unavailable: () => $localize`:@@errors.unavailable:The server is busy right now. Try again in a moment.`,
  internal: () => $localize`:@@errors.internal:Something went wrong on the server. Please try again.`,
} as const satisfies Record<string, Text>;

/**
 * Precise reasons a person can act on. Codes missing here (a request the app never sends that way,
 * e.g. `bad_signature`) fall back to the general text of their status.
 */
export const SPECIFIC_TEXTS: { readonly [code in ErrorCode]?: Text } = {
  invalid_json: () => $localize`:@@errors.invalid_json:The server could not read what the app sent. Reload the page and try again.`,
  authentication_required: () => $localize`:@@errors.authentication_required:Your session has ended. Sign in again.`,
  invalid_credentials: () => $localize`:@@errors.invalid_credentials:Wrong username or password.`,
  session_too_old: () => $localize`:@@errors.session_too_old:You have been signed in for too long. Sign in again.`,
  too_many_attempts: () => $localize`:@@errors.too_many_attempts:Too many attempts. Wait a while, then try again.`,
  cross_site_refused: () =>
    $localize`:@@errors.cross_site_refused:This request was refused for your security. Reload the page and try again.`,
  admin_only: () => $localize`:@@errors.admin_only:Only administrators can do that.`,
  username_taken: () => $localize`:@@errors.username_taken:This username is already taken. Choose another one.`,
  idempotency_in_progress: () => $localize`:@@errors.idempotency_in_progress:This is still being saved. Try again in a moment.`,
  idempotency_key_reused: () =>
    $localize`:@@errors.idempotency_key_reused:This request was already sent with different content. Try again.`,

  board_not_found: () => $localize`:@@errors.board_not_found:This board does not exist, or it was deleted.`,
  not_a_board_member: () => $localize`:@@errors.not_a_board_member:You are not a member of this board. Ask its owner to invite you.`,
  owner_only: () => $localize`:@@errors.owner_only:Only the board’s owner can do that.`,
  viewer_read_only: () =>
    $localize`:@@errors.viewer_read_only:You can view this board but not change it. Ask the owner for the editor role.`,
  unknown_username: () => $localize`:@@errors.unknown_username:No one has this username. Check the spelling.`,
  owner_cannot_leave: () =>
    $localize`:@@errors.owner_cannot_leave:The owner cannot leave their own board. Hand it over to someone else or delete it.`,
  member_not_found: () => $localize`:@@errors.member_not_found:This person is not a member of this board.`,
  already_a_member: () => $localize`:@@errors.already_a_member:This person is already a member of this board.`,
  owner_role_fixed: () => $localize`:@@errors.owner_role_fixed:The owner’s role cannot be changed. Hand the board over instead.`,
  already_the_owner: () => $localize`:@@errors.already_the_owner:You already own this board. Choose another member.`,
  invitation_not_found: () => $localize`:@@errors.invitation_not_found:This invitation does not exist any more.`,
  invitation_settled: () => $localize`:@@errors.invitation_settled:This invitation was already answered.`,
  invitation_expired: () => $localize`:@@errors.invitation_expired:This invitation has expired. Ask the owner to invite you again.`,
  invite_link_not_found: () =>
    $localize`:@@errors.invite_link_not_found:This invite link does not exist or was revoked. Ask the board’s owner for a new one.`,
  invite_link_expired: () => $localize`:@@errors.invite_link_expired:This invite link has expired. Ask the board’s owner for a new one.`,
  invite_link_used_up: () =>
    $localize`:@@errors.invite_link_used_up:This invite link has been used as many times as allowed. Ask the board’s owner for a new one.`,
  too_many_invite_links: () => $localize`:@@errors.too_many_invite_links:This board has as many invite links as it can. Revoke one first.`,

  note_not_found: () => $localize`:@@errors.note_not_found:This note does not exist any more.`,
  board_full: () => $localize`:@@errors.board_full:This board is full. Delete some notes first.`,
  stale_note: () => $localize`:@@errors.stale_note:Someone else changed this note first.`,
  note_not_in_trash: () => $localize`:@@errors.note_not_in_trash:This note is no longer in the trash.`,
  note_id_taken: () => $localize`:@@errors.note_id_taken:This note is on the board already.`,

  timer_state_conflict: () => $localize`:@@errors.timer_state_conflict:The timer can’t do that right now.`,
  timer_busy: () => $localize`:@@errors.timer_busy:The timer is changing too fast. Try again.`,
  no_vote: () => $localize`:@@errors.no_vote:There is no vote on this board.`,
  vote_note_not_found: () => $localize`:@@errors.vote_note_not_found:This note is no longer on the board.`,
  vote_running: () => $localize`:@@errors.vote_running:A vote is already running on this board. End it first.`,
  vote_ended: () => $localize`:@@errors.vote_ended:The vote has ended.`,
  no_dots_left: () => $localize`:@@errors.no_dots_left:You have placed all your dots. Take one back first.`,
  no_dot_here: () => $localize`:@@errors.no_dot_here:You have no dot on this note.`,
  facilitator_only: () => $localize`:@@errors.facilitator_only:Only who started the vote, or the board’s owner, can do that.`,

  conversation_not_found: () => $localize`:@@errors.conversation_not_found:This conversation does not exist any more.`,
  not_a_participant: () => $localize`:@@errors.not_a_participant:Only people in this conversation can do that.`,
  unknown_usernames: () => $localize`:@@errors.unknown_usernames:Not everyone named here can be reached. Check the usernames.`,
  not_enough_participants: () => $localize`:@@errors.not_enough_participants:A conversation needs at least one other person.`,
  message_not_found: () => $localize`:@@errors.message_not_found:This message does not exist any more.`,
  not_the_author: () =>
    $localize`:@@errors.not_the_author:Only its author (or, in a board’s chat, the board’s owner) can delete this message.`,
  cannot_leave_conversation: () =>
    $localize`:@@errors.cannot_leave_conversation:Only group conversations of three or more people can be left.`,

  attachment_not_found: () => $localize`:@@errors.attachment_not_found:This file does not exist any more.`,
  attachment_forbidden: () => $localize`:@@errors.attachment_forbidden:You can’t open this file.`,
  file_too_large: () => $localize`:@@errors.file_too_large:This file is too large.`,
  quota_exceeded: () => $localize`:@@errors.quota_exceeded:Your storage for files is full. Delete messages with files to free space.`,
  mime_mismatch: () => $localize`:@@errors.mime_mismatch:This file’s content does not match its type.`,
  undecodable_image: () => $localize`:@@errors.undecodable_image:This image could not be read.`,
  attachment_not_usable: () => $localize`:@@errors.attachment_not_usable:A file of this message is gone. Attach it again.`,
  attachment_already_sent: () => $localize`:@@errors.attachment_already_sent:This file was already sent.`,
  too_many_uploads: () => $localize`:@@errors.too_many_uploads:Too many uploads at once. Wait for one to finish.`,
  uploads_busy: () => $localize`:@@errors.uploads_busy:Uploads are busy right now. Try again in a moment.`,

  too_many_devices: () => $localize`:@@errors.too_many_devices:You have as many devices as you can. Remove one first.`,
  device_not_found: () => $localize`:@@errors.device_not_found:This device is not one of yours any more.`,
  user_not_found: () => $localize`:@@errors.user_not_found:This person could not be found.`,
  not_encrypted: () => $localize`:@@errors.not_encrypted:This conversation is not end-to-end encrypted.`,
  stale_key: () => $localize`:@@errors.stale_key:The conversation’s key changed. Try again.`,
  missing_devices: () => $localize`:@@errors.missing_devices:Someone in this conversation added a device. Try again.`,
  new_key_needed: () => $localize`:@@errors.new_key_needed:This conversation needs a new key. Try again.`,

  call_not_found: () => $localize`:@@errors.call_not_found:This call does not exist any more.`,
  cannot_call_yourself: () => $localize`:@@errors.cannot_call_yourself:You cannot call yourself.`,
  not_a_collaborator: () => $localize`:@@errors.not_a_collaborator:You can call people you share a board or a conversation with.`,
  callee_only: () => $localize`:@@errors.callee_only:Only the person called can do that.`,
  callee_busy: () => $localize`:@@errors.callee_busy:They are in another call.`,
  already_in_call: () => $localize`:@@errors.already_in_call:You are in another call. End it first.`,
  call_state_conflict: () => $localize`:@@errors.call_state_conflict:This call was answered already or has ended.`,

  job_not_found: () => $localize`:@@errors.job_not_found:This job does not exist any more.`,
  not_the_job_owner: () => $localize`:@@errors.not_the_job_owner:Only whoever started this job can see or change it.`,
  job_finished: () => $localize`:@@errors.job_finished:This job has already finished.`,
  job_result_not_ready: () => $localize`:@@errors.job_result_not_ready:This job has no result to download yet.`,
  job_result_expired: () => $localize`:@@errors.job_result_expired:The result has expired. Run the job again.`,
  too_many_active_jobs: () =>
    $localize`:@@errors.too_many_active_jobs:You have as many jobs running as you can. Wait for one to finish or cancel one.`,
  board_full_for_import: () => $localize`:@@errors.board_full_for_import:This board is full: there is no room to import into.`,
  no_boards_to_export: () => $localize`:@@errors.no_boards_to_export:You have no boards to export.`,
  import_file_missing: () => $localize`:@@errors.import_file_missing:Choose a file to import.`,
  import_file_empty: () => $localize`:@@errors.import_file_empty:The file has no notes to import.`,
  import_file_type: () => $localize`:@@errors.import_file_type:Import a CSV or JSON file.`,
  import_not_text: () => $localize`:@@errors.import_not_text:The file is not a text file.`,
  import_too_many_rows: () => $localize`:@@errors.import_too_many_rows:The file has more notes than the board has room for.`,
  import_csv_unreadable: () => $localize`:@@errors.import_csv_unreadable:The CSV file could not be read.`,
  import_csv_header: () => $localize`:@@errors.import_csv_header:The CSV file needs a header row with a “text” column.`,
  import_json_unreadable: () => $localize`:@@errors.import_json_unreadable:The JSON file could not be read.`,
  import_json_shape: () => $localize`:@@errors.import_json_shape:The JSON file must hold a list of notes.`,
  job_gave_up: () => $localize`:@@errors.job_gave_up:The job stopped and will not be retried. Start it again.`,
  job_owner_gone: () => $localize`:@@errors.job_owner_gone:The account that started this job no longer exists.`,

  too_many_streams: () => $localize`:@@errors.too_many_streams:Too many tabs are open. Close one, then try again.`,
  channel_forbidden: () => $localize`:@@errors.channel_forbidden:You can no longer see this.`,
};

/** A failed rule of a field the app has a form for: `<field>.<rule>` (FieldError). */
export const FIELD_TEXTS: Readonly<Record<string, Text>> = {
  'username.matches': () =>
    $localize`:@@errors.field.username.matches:A username is 3 to 32 characters: lowercase letters a–z, digits and _ . -`,
  'username.isLength': () => $localize`:@@errors.field.username.isLength:Enter your username.`,
  'password.isLength': () => $localize`:@@errors.field.password.isLength:A password is 8 to 128 characters.`,
  'displayName.isLength': () => $localize`:@@errors.field.displayName.isLength:A display name is 1 to 64 characters.`,
  'title.isLength': () => $localize`:@@errors.field.title.isLength:A title is 1 to 100 characters.`,
  'text.maxLength': () => $localize`:@@errors.field.text.maxLength:This note’s text is too long.`,
  'content.isLength': () => $localize`:@@errors.field.content.isLength:This message is too long.`,
  'role.isIn': () => $localize`:@@errors.field.role.isIn:Choose one of the roles offered.`,
  'color.isIn': () => $localize`:@@errors.field.color.isIn:Choose one of the colours offered.`,
};

/** A failed rule of any other field: class-validator's constraint name. */
export const RULE_TEXTS: Readonly<Record<string, Text>> = {
  isSafeName: () => $localize`:@@errors.rule.isSafeName:Names can’t contain control or text-direction characters.`,
  maxLength: () => $localize`:@@errors.rule.tooLong:This is too long.`,
  arrayMaxSize: () => $localize`:@@errors.rule.tooLong:This is too long.`,
  minLength: () => $localize`:@@errors.rule.tooShort:This is too short.`,
  arrayMinSize: () => $localize`:@@errors.rule.tooShort:This is too short.`,
  isLength: () => $localize`:@@errors.rule.isLength:This is too short or too long.`,
  isNotEmpty: () => $localize`:@@errors.rule.isNotEmpty:This can’t be empty.`,
  isIn: () => $localize`:@@errors.rule.isIn:Choose one of the options offered.`,
  isEnum: () => $localize`:@@errors.rule.isIn:Choose one of the options offered.`,
  matches: () => $localize`:@@errors.rule.matches:This contains characters that aren’t allowed.`,
  isInt: () => $localize`:@@errors.rule.number:Enter a number in the allowed range.`,
  isNumber: () => $localize`:@@errors.rule.number:Enter a number in the allowed range.`,
  min: () => $localize`:@@errors.rule.number:Enter a number in the allowed range.`,
  max: () => $localize`:@@errors.rule.number:Enter a number in the allowed range.`,
};
