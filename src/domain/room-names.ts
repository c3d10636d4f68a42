import { ROOM_NAME_MAX_LENGTH, ROOM_TOPIC_MAX_LENGTH } from '../protocol/rooms.js';
import { DomainError } from './errors.js';

const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Room names: trimmed, 1 to 64 characters, no control or invisible characters. */
export function checkRoomName(input: string | undefined): string {
  const name = (input ?? '').trim();
  const length = [...name].length;
  if (length < 1 || length > ROOM_NAME_MAX_LENGTH || CONTROL.test(name)) {
    throw new DomainError('invalid_payload', `room name must be 1 to ${ROOM_NAME_MAX_LENGTH} visible characters`);
  }
  return name;
}

/** Topics: trimmed, at most 256 characters; line breaks and control characters are refused. */
export function checkTopic(input: string | undefined): string {
  const topic = (input ?? '').trim();
  if ([...topic].length > ROOM_TOPIC_MAX_LENGTH || CONTROL.test(topic)) {
    throw new DomainError('invalid_payload', `topic must be at most ${ROOM_TOPIC_MAX_LENGTH} characters on one line`);
  }
  return topic;
}
