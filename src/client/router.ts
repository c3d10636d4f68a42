/**
 * Every room and message has its own address: /r/<room_id> and /r/<room_id>/<seq>. The server
 * answers /r/* with the page itself, which then opens what the address names.
 */
export interface Place {
  roomId: number;
  seq?: number;
}

export const roomPath = (roomId: number) => `/r/${roomId}`;
export const messagePath = (roomId: number, seq: number) => `/r/${roomId}/${seq}`;
export const messageUrl = (roomId: number, seq: number) => `${location.origin}${messagePath(roomId, seq)}`;

export function parsePath(pathname: string): Place | null {
  const match = /^\/r\/(\d{1,15})(?:\/(\d{1,15}))?\/?$/.exec(pathname);
  if (!match) return null;
  const roomId = Number(match[1]);
  return match[2] === undefined ? { roomId } : { roomId, seq: Number(match[2]) };
}
