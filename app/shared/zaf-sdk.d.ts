// The npm SDK (2.0.11) ships no types; only `init` is used, the client is typed by ZafClient.
declare module 'zendesk_app_framework_sdk' {
  const ZAFClient: {
    /** Returns false when the page was not opened by a Zendesk host (no `origin`/`app_guid` in the URL). */
    init(callback?: (context: unknown) => void): import('./zaf-types.ts').ZafClient | false;
  };
  export default ZAFClient;
}
