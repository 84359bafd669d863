import { ReactNode } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';

export interface SmallTableColumn {
  title: string;
  /** Numbers are aligned right. */
  numeric?: boolean;
}

/** A small labelled table of rows of cells, in the order of the columns. */
export function SmallTable(props: {
  label: string;
  columns: SmallTableColumn[];
  rows: Array<{ key: string; cells: ReactNode[] }>;
}) {
  const { label, columns, rows } = props;
  const align = (index: number) => (columns[index].numeric ? 'right' : 'left');
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          {columns.map((column, index) => (
            <TableCell
              key={column.title}
              component="th"
              scope="col"
              align={align(index)}
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
              <TableCell key={columns[index].title} align={align(index)}>
                {cell}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
