import type { ComponentChildren } from 'preact';
import type { Paged } from '../admin-store.js';
import { t } from '../i18n/translate.js';

interface AdminPagedTableProps {
  page: Paged<unknown>;
  /** The table's own class beside `admin-table`, for its column widths. */
  tableClass: string;
  /** The column headers, in order. */
  columns: string[];
  /** The rows, one per item of the page. */
  children: ComponentChildren;
  /** Shown once a request has answered with nothing (an error explains itself instead). */
  emptyText: string;
  /** The label of the button that asks for the next page. */
  moreText: string;
  onMore: () => void;
}

/** The admin panel's lists: a scrolling table, its empty and loading states, and the button that pages on. */
export function AdminPagedTable({ page, tableClass, columns, children, emptyText, moreText, onMore }: AdminPagedTableProps) {
  const loading = page.requestId !== null;
  return (
    <>
      <div class="admin-scroll">
        <table class={`admin-table ${tableClass}`}>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
        {!loading && page.items.length === 0 && !page.error && <p class="hint">{emptyText}</p>}
      </div>
      <div class="admin-footer">
        {loading && <span class="hint">{t('common.loading')}</span>}
        {page.hasMore && (
          <button type="button" class="secondary" disabled={loading} onClick={onMore}>
            {moreText}
          </button>
        )}
      </div>
    </>
  );
}
