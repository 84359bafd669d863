import { ChangeEvent } from 'react';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  isPersona,
  Persona,
  PERSONAS,
  ScoreBreakdown,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';

/**
 * Chooses whose checks and blockers are shown, next to each persona's score. A
 * native select: labelled, keyboard-operable and announced by every screen reader.
 */
const useStyles = makeStyles(theme => ({
  label: { color: theme.palette.text.primary },
}));

export function PersonaFilter(props: {
  persona: Persona | undefined;
  onChange: (persona: Persona | undefined) => void;
  scores: ScoreBreakdown<Persona>[];
}) {
  const { persona, onChange, scores } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);

  const handleChange = (event: ChangeEvent<HTMLInputElement>) => {
    const value = event.target.value;
    onChange(isPersona(value) ? value : undefined);
  };

  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 24 }}>
      <TextField
        id="mlops-maturity-persona-filter"
        select
        variant="outlined"
        size="small"
        label={t('personaFilter.label')}
        value={persona ?? ''}
        onChange={handleChange}
        SelectProps={{ native: true }}
        // The empty value shows "All personas", so the label must not sit over it; on the
        // page background secondary grey is below 4.5:1 (WCAG AA), so it takes primary text.
        InputLabelProps={{ shrink: true, className: classes.label }}
        style={{ minWidth: 220 }}
      >
        <option value="">{t('personaFilter.all')}</option>
        {PERSONAS.map(p => (
          <option key={p.id} value={p.id}>
            {t(`personas.${p.id}`)}
          </option>
        ))}
      </TextField>
      {scores.length > 0 && (
        <Box
          component="ul"
          aria-label={t('personaFilter.scores')}
          display="flex"
          flexWrap="wrap"
          p={0}
          m={0}
          style={{ gap: 16, listStyle: 'none' }}
        >
          {scores.map(score => (
            <Typography
              component="li"
              variant="body2"
              key={score.id}
              color={
                !persona || persona === score.id
                  ? 'textPrimary'
                  : 'textSecondary'
              }
            >
              {t('personaFilter.scoreValue', {
                persona: t(`personas.${score.id}`),
                score: String(score.score),
                passed: String(score.passed),
                total: String(score.total),
              })}
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
}
