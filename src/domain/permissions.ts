// The rank rule lives in the protocol module, so the web page offers exactly the actions the server allows.
export { MODERATOR_RANK, managesRoom, OWNER_RANK, outranks, rankIn, type Standing } from '../protocol/ranks.js';
