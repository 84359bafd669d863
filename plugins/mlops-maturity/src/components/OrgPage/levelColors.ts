import { Theme } from '@material-ui/core/styles';
import { MaturityLevel } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/** Level colours from the theme, so they follow light and dark mode. */
export function levelColors(theme: Theme): Record<MaturityLevel, string> {
  return {
    0: theme.palette.grey[500],
    1: theme.palette.warning.main,
    2: theme.palette.success.main,
  };
}

/** Distinct series colours for up to four compared domains. */
export function seriesColors(theme: Theme): string[] {
  return [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success.dark,
    theme.palette.warning.dark,
  ];
}
