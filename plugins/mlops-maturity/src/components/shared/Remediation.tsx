import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { MarkdownContent } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { mlopsMaturityTranslationRef } from '../../translation';

const useStyles = makeStyles({
  // Check catalogues write remediation in Markdown (`file names`, links); it reads as
  // one sentence after its label, so its paragraphs are laid out inline.
  markdown: {
    display: 'inline',
    '& p': { display: 'inline', margin: 0 },
  },
});

/** "How to fix: …" with the remediation's Markdown rendered. */
export function Remediation(props: {
  text: string;
  /** Without the label, e.g. under a check's title in a list of steps. */
  unlabelled?: boolean;
  color?: 'textSecondary';
}) {
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  return (
    <Typography variant="body2" component="div" color={props.color}>
      {!props.unlabelled && (
        <>
          <strong>{t('check.remediation')}:</strong>{' '}
        </>
      )}
      <MarkdownContent
        className={classes.markdown}
        content={props.text}
        dialect="gfm"
      />
    </Typography>
  );
}
