export interface Column<Row> {
  label: string;
  value: (row: Row) => string | number | undefined;
  numeric?: boolean;
}
