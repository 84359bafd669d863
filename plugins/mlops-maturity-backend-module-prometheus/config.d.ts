export interface Config {
  mlopsMaturity?: {
    /**
     * Live monitoring facts from Prometheus. Without this section the Prometheus module
     * stays inactive. Entities select an instance by name with the `prometheus.io/instance`
     * annotation (optional when only one instance is configured) and name their scrape job
     * with `prometheus.io/job`.
     */
    prometheus?: {
      instances: Array<{
        /** Name that `prometheus.io/instance` refers to: letters, digits, `.`, `_`, `-`. */
        name: string;
        /** Base URL of the Prometheus HTTP API, e.g. `https://prometheus.example.com` (may have a path prefix). */
        baseUrl: string;
        /**
         * Bearer token sent as `Authorization: Bearer <token>`.
         * @visibility secret
         */
        token?: string;
        /**
         * Basic auth user name; set together with `password`, not with `token`.
         * @visibility secret
         */
        username?: string;
        /**
         * Basic auth password.
         * @visibility secret
         */
        password?: string;
      }>;
      /**
       * PromQL templates that find each family's series for a job, overriding the defaults
       * (see the module README). `{{job}}` is replaced by the escaped job name and must sit
       * inside a quoted string, e.g. `count by (__name__) ({job="{{job}}", __name__=~".*drift.*"})`.
       * Results must carry the series name (`__name__`).
       */
      queries?: {
        drift?: string;
        modelQuality?: string;
        kpi?: string;
        tokens?: string;
        gpu?: string;
        gpuCost?: string;
        feedback?: string;
        outputQuality?: string;
        dataQuality?: string;
      };
      /** Seconds an instance's alert rules are reused across services (default 60; 0 disables). */
      rulesCacheSeconds?: number;
    };
  };
}
