const HOME = '/boards';

/** Only follow in-app paths: a crafted ?returnUrl=//evil.example must not leave the app. */
export function safeReturnUrl(returnUrl: string | null | undefined): string {
  if (!returnUrl || !returnUrl.startsWith('/') || returnUrl.startsWith('//') || returnUrl.startsWith('/\\')) {
    return HOME;
  }
  if (returnUrl.startsWith('/login') || returnUrl.startsWith('/register')) {
    return HOME;
  }
  return returnUrl;
}
