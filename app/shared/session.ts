import { z } from 'zod';
import { createApiClient, type ApiClient } from './api-client.ts';
import type { ZafClient, ZafContext } from './zaf-types.ts';

/** Everything the sidebar needs once the app is registered. */
export interface Session {
  locale: string;
  userId: string;
  /** Null when the installation has no usable backend URL: an admin must set it. */
  api: ApiClient | null;
}

const BackendUrl = z.url({ protocol: /^https?$/ });
const UserFields = z.object({
  'currentUser.id': z.union([z.number(), z.string()]).nullish(),
  'currentUser.locale': z.string().nullish(),
  'currentAccount.subdomain': z.string().nullish(),
});

/** Reads locale, user, subdomain and the backend URL setting, and builds the API client. */
export async function loadSession(client: ZafClient): Promise<Session> {
  const [fields, metadata, context] = await Promise.all([
    client.get(['currentUser.id', 'currentUser.locale', 'currentAccount.subdomain']).catch(() => ({})),
    client.metadata(),
    client.context().catch((): ZafContext => ({})),
  ]);
  const user = UserFields.safeParse(fields);
  const data = user.success ? user.data : {};
  const locale = data['currentUser.locale'] ?? 'en';
  const userId = String(data['currentUser.id'] ?? 'unknown');
  const subdomain = context.account?.subdomain ?? data['currentAccount.subdomain'] ?? 'unknown';
  const backendUrl = BackendUrl.safeParse(metadata.settings.backend_url);
  return {
    locale,
    userId,
    api: backendUrl.success ? createApiClient(client, { backendUrl: backendUrl.data, subdomain, userId }) : null,
  };
}
