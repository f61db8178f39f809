/** The little the store needs from a database driver: parameterised queries and transactions. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<{ rows: Row[]; rowCount: number }>;
}

export interface SqlClient extends SqlExecutor {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * The same database, every statement run in the row-level security scope of `installation` (or of
   * ALL_INSTALLATIONS, for the few statements that span them). A client's own statements run in NO_INSTALLATION's
   * scope, which sees no tenant row: a query that forgot its scope finds nothing.
   */
  scoped(installation: string): SqlClient;
  close(): Promise<void>;
}

/** The setting the row-level security policies of migration 7 compare `installation_id` with. */
export const SCOPE_SETTING = 'triage.installation';
/** The scope of statements that span installations (claiming and pruning jobs, migrations); never an installation id. */
export const ALL_INSTALLATIONS = '*';
/** The scope of a statement that names no installation: no tenant row matches it. */
export const NO_INSTALLATION = '';
