import type { PublicUser } from '../../../contracts/api';

/**
 * Who a domain service acts for: a user as others see them, enough to check access and to attribute
 * and announce what they did. Not a request: the HTTP layer maps the authenticated caller to one
 * (`@CurrentActor()`), and a job maps its owner's stored user to one.
 */
export type Actor = PublicUser;
