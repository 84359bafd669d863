export interface Config {
  mlopsMaturity?: {
    badges?: {
      /**
       * Whether the backend serves README level badges; the tab then offers the badge's
       * Markdown to copy. Set with the backend's `mlopsMaturity.badges.enabled`.
       * @visibility frontend
       */
      enabled?: boolean;
    };
  };
}
