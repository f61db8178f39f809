import type { Recognizer } from '../recognizer.ts';

export const urlCredentialsRecognizer: Recognizer = {
  name: 'url-credentials',
  type: 'URL_CREDENTIALS',
  patterns: [
    // scheme://user:password@host
    {
      name: 'userinfo',
      regex: /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s/:@]{1,200}:[^\s/@]{1,200}@[^\s/?#]{1,255}/gi,
      score: 1,
    },
    // ?token=..., &access_token=..., &sig=...
    {
      name: 'query-token',
      regex:
        /[?&](?:access_token|token|api_key|apikey|key|sig|signature|secret|password|auth|code|session)=[^\s&#]{8,2000}/gi,
      score: 1,
    },
  ],
};
