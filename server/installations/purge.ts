/** Deletes one installation's data (tickets, results, feedback, models, jobs, embeddings, spend); counts per table. */
export type PurgeInstallation = (id: string) => Promise<Record<string, number>>;

interface ScopedStore {
  forInstallation(id: string): { deleteInstallationData(): Promise<Record<string, number>> };
}

function isScoped(store: object): store is ScopedStore {
  return typeof (store as Partial<ScopedStore>).forInstallation === 'function';
}

/**
 * The purge of a store scoped per installation (`store.forInstallation(id).deleteInstallationData()`, issue 13's
 * storage work). Until a store has it, removing an installation fails saying why rather than leaving its rows behind.
 */
export function storePurge(store: object): PurgeInstallation {
  return async (id) => {
    if (!isScoped(store))
      throw new Error('this store cannot delete one installation’s data (no forInstallation); nothing was removed');
    return store.forInstallation(id).deleteInstallationData();
  };
}
