import type { Recognizer } from '../recognizer.ts';
import { entropyPerChar } from '../validators.ts';

export const secretRecognizer: Recognizer = {
  name: 'secret',
  type: 'SECRET',
  patterns: [
    { name: 'openai', regex: /\bsk-(?:proj-|live-|test-)?[A-Za-z0-9_-]{20,200}/g, score: 0.95 },
    { name: 'stripe', regex: /\b[rsp]k_(?:live|test)_[A-Za-z0-9]{16,100}\b/g, score: 0.95 },
    { name: 'github', regex: /\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,255}\b/g, score: 0.95 },
    { name: 'slack', regex: /\bxox[abposr]-[A-Za-z0-9-]{10,200}/g, score: 0.95 },
    { name: 'aws-access-key', regex: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, score: 0.95 },
    { name: 'google-api-key', regex: /\bAIza[A-Za-z0-9_-]{35}\b/g, score: 0.95 },
    { name: 'jwt', regex: /\beyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{8,2000}/g, score: 0.95 },
    { name: 'private-key', regex: /-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----/g, score: 1 },
    { name: 'bearer', regex: /\b[Bb]earer ([A-Za-z0-9._~+/-]{16,2000}=*)/g, score: 0.85 },
    {
      name: 'assignment',
      regex:
        /\b(?:api[_-]?key|apikey|secret|token|password|passwd|pwd)["']?\s{0,3}[:=]\s{0,3}["']?([^\s"',;]{6,200})/gi,
      score: 0.8,
    },
    // long random-looking tokens; entropy decides
    { name: 'high-entropy', regex: /\b[A-Za-z0-9_+/=-]{32,400}\b/g, score: 0.4 },
  ],
  context: ['key', 'token', 'secret', 'password', 'credential', 'api'],
  validate: (value) => {
    if (value.length < 32) return undefined;
    const mixed = /[a-z]/.test(value) && /[A-Z0-9]/.test(value) && /\d/.test(value);
    return mixed && entropyPerChar(value) >= 4 ? true : undefined;
  },
  invalidate: (value) => value.length >= 32 && !/\d/.test(value) && !value.includes('-----'),
};
