import type { Attachment } from '../protocol/message.js';
import type { UploadRow } from '../storage/uploads.js';

/** Where a file is served: /files/<id>/<name> (the name is for the reader and for saving; access is by id). */
export const fileUrl = (row: Pick<UploadRow, 'id' | 'name'>) => `/files/${row.id}/${encodeURIComponent(row.name)}`;
export const thumbUrl = (id: string) => `/files/thumbs/${id}.webp`;

/** The one place a stored upload becomes the protocol's attachment object. */
export function presentAttachment(row: UploadRow): Attachment {
  const attachment: Attachment = { file_id: row.id, name: row.name, size: row.size, mime: row.mime, url: fileUrl(row) };
  if (row.width !== null && row.height !== null) {
    attachment.width = row.width;
    attachment.height = row.height;
    attachment.thumb_url = thumbUrl(row.id);
  }
  return attachment;
}
