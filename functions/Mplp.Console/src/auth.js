// The console has no credentials of its own: it calls the API with the signed-in principal's.
// A development token arrives in the URL fragment (never sent to a server, unlike a query) and is
// kept in session storage only: it ends with the tab and never lands in history or bookmarks.
const tokenKey = 'mplp.console.token';
let msal = null;
let account = null;
let scopes = [];
let interactionRequired = null;

/** Signs in: the fragment's token, a token kept by this tab, or (with an OIDC authority) MSAL's auth code flow with PKCE. */
export async function signIn() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.has('token')) {
    sessionStorage.setItem(tokenKey, fragment.get('token'));
    history.replaceState(history.state, '', location.pathname + location.search);
  }

  if (sessionStorage.getItem(tokenKey)) {
    return { principal: claimsOf(sessionStorage.getItem(tokenKey)).sub ?? 'unknown' };
  }

  const response = await fetch('/console/config.json', { headers: { Accept: 'application/json' } });
  const config = response.ok ? await response.json() : {};
  if (!config.authority || !config.client_id) {
    return null;
  }

  scopes = config.scopes ?? [];
  // MSAL.js is loaded only where an authority is configured (its own hashed chunk, from this origin).
  const { InteractionRequiredAuthError, PublicClientApplication } = await import('@azure/msal-browser');
  interactionRequired = InteractionRequiredAuthError;
  msal = new PublicClientApplication({
    auth: { clientId: config.client_id, authority: config.authority, redirectUri: `${location.origin}/console/` },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await msal.initialize();
  const result = await msal.handleRedirectPromise();
  account = result?.account ?? msal.getAllAccounts()[0] ?? null;
  if (!account) {
    // Back to the page asked for once the authority answers.
    await msal.loginRedirect({ scopes, redirectStartPage: location.href });
    return null;
  }

  msal.setActiveAccount(account);
  return { principal: account.idTokenClaims?.oid ?? account.username };
}

/** Signs in with a token pasted by hand (development). */
export function useToken(token) {
  sessionStorage.setItem(tokenKey, token.trim());
}

export function signOut() {
  sessionStorage.removeItem(tokenKey);
  if (msal && account) {
    msal.logoutRedirect({ account, postLogoutRedirectUri: `${location.origin}/console/` });
  }
}

/** The bearer token for the next call. */
export async function accessToken() {
  const token = sessionStorage.getItem(tokenKey);
  if (token) {
    return token;
  }

  if (!msal || !account) {
    return null;
  }

  try {
    return (await msal.acquireTokenSilent({ scopes, account })).accessToken;
  } catch (e) {
    if (e instanceof interactionRequired) {
      await msal.acquireTokenRedirect({ scopes, account });
    }

    throw e;
  }
}

function claimsOf(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload));
  } catch {
    return {};
  }
}
