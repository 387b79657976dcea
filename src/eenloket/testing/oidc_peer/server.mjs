// A certified OpenID Connect provider (panva/oidc-provider) as an interop peer for the
// citizens' login tests (portal/tests/test_oidc_interop.py, docs/login.md). Development
// interactions: any login name is accepted; the account's BSN comes from the environment.
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: 'eenloket-digid',
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: [process.env.REDIRECT_URI],
    post_logout_redirect_uris: [process.env.POST_LOGOUT_URI],
    token_endpoint_auth_method: 'client_secret_basic',
    response_types: ['code'],
    grant_types: ['authorization_code'],
  }],
  claims: { openid: ['sub'], digid: ['bsn'] },
  conformIdTokenClaims: false,
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, bsn: process.env.BSN }),
  }),
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
  cookies: { keys: ['interop-test-only'] },
});
provider.listen(port, '127.0.0.1', () => console.log(`listening ${issuer}`));
