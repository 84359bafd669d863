import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';

export interface SmallTableColumn {
  title: string;
  /** Numbers are aligned right. */
  numeric?: boolean;
  /** Prose (reasons, descriptions) wraps; other cells keep to one line. */
  wrap?: boolean;
}

/**
 * A small labelled table of rows of cells, in the order of the columns. Headers and short
 * values never break inside a word; a table wider than its card scrolls sideways.
 */
export function SmallTable(props: {
  label: string;
  columns: SmallTableColumn[];
  rows: Array<{ key: string; cells: ReactNode[] }>;
}) {
  const { label, columns, rows } = props;
  const align = (index: number) => (columns[index].numeric ? 'right' : 'left');
  const whiteSpace = (index: number) =>
    columns[index].wrap ? 'normal' : 'nowrap';
  return (
    // A table that scrolls must be reachable by keyboard (WCAG 2.1.1).
    <Box overflow="auto" tabIndex={0} role="region" aria-label={label}>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            {columns.map((column, index) => (
              <TableCell
                key={column.title}
                component="th"
                scope="col"
                align={align(index)}
                style={{ whiteSpace: 'nowrap' }}
              >
                {column.title}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <TableRow key={row.key}>
              {row.cells.map((cell, index) => (
                <TableCell
                  key={columns[index].title}
                  align={align(index)}
                  style={{ whiteSpace: whiteSpace(index) }}
                >
                  {cell}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
