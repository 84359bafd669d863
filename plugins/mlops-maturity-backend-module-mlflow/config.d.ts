export interface Config {
  mlopsMaturity?: {
    /**
     * MLflow model registries the `mlflow` module reads. Without this section the module
     * is inactive. Entities select an instance by name with the `mlflow.org/instance`
     * annotation and a model with `mlflow.org/registered-model`.
     */
    mlflow?: {
      instances: Array<{
        /** Name that `mlflow.org/instance` annotations refer to; letters, digits, `.`, `_`, `-`. */
        name: string;
        /** Tracking server URL, e.g. `https://mlflow.example.com` (may include a path prefix). */
        baseUrl: string;
        /**
         * Sent as `Authorization: Bearer <token>`.
         * @visibility secret
         */
        token?: string;
        /** For HTTP basic auth (MLflow's built-in auth app); requires `password`. */
        username?: string;
        /** @visibility secret */
        password?: string;
      }>;
      /**
       * Aliases that mark the production version, in order of preference.
       * Default: champion, production, prod. Without a matching alias the latest version
       * in stage `Production` counts.
       */
      productionAliases?: string[];
    };
  };
}
