// The header row every dashboard table shares: real column headers, right-aligned where numbers go.
export type Column = string | { label: string; align: 'right' };

export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, i) => {
          const { label, align } = typeof column === 'string' ? { label: column, align: 'left' } : column;
          return (
            <th key={i} scope="col" className={align === 'right' ? 'th text-right' : 'th'}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
