/** The signed-in user behind a connection, as the domain layer trusts it. */
export interface Actor {
  readonly userId: number;
  readonly nickname: string;
  /** Rooms the user belongs to, loaded at sign-in; permission checks read it. */
  readonly rooms: Set<number>;
}
