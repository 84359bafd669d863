import { ReactElement, ReactNode, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { ResponsiveContainer } from 'recharts';
import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { mlopsMaturityTranslationRef } from '../../translation';

/** The width charts render at until the browser has measured their container. */
const INITIAL_WIDTH = 600;

/**
 * A titled card section. Its heading names the region, so the page can be
 * navigated by landmarks and each card's controls are found within it.
 */
export function OrgCard(props: {
  id: string;
  title: string;
  subheader?: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  const { id, title, subheader, action, children } = props;
  const titleId = `${id}-title`;
  return (
    <section aria-labelledby={titleId} style={{ height: '100%' }}>
      <InfoCard
        title={<span id={titleId}>{title}</span>}
        subheader={subheader}
        action={action}
        variant="gridItem"
      >
        {children}
      </InfoCard>
    </section>
  );
}

/**
 * A recharts chart with a table of the same numbers behind a toggle: the chart is
 * one image with a summary for screen readers, the table is the accessible view.
 */
export function ChartWithTable(props: {
  id: string;
  /** A sentence that says what the chart shows. */
  chartLabel: string;
  height: number;
  chart: ReactElement;
  table: ReactNode;
}) {
  const { id, chartLabel, height, chart, table } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const [showTable, setShowTable] = useState(false);
  const tableId = `${id}-table`;
  return (
    <>
      <div role="img" aria-label={chartLabel}>
        <ResponsiveContainer
          width="100%"
          height={height}
          initialDimension={{ width: INITIAL_WIDTH, height }}
        >
          {chart}
        </ResponsiveContainer>
      </div>
      <Box mt={1}>
        <Button
          size="small"
          aria-expanded={showTable}
          aria-controls={tableId}
          onClick={() => setShowTable(shown => !shown)}
        >
          {showTable
            ? t('orgPage.chart.hideTable')
            : t('orgPage.chart.showTable')}
        </Button>
      </Box>
      <div id={tableId} hidden={!showTable}>
        {showTable && table}
      </div>
    </>
  );
}
