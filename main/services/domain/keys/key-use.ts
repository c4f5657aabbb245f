/** What a key is opened for: checked (a seal's validity window) and recorded (its seal.used entry) when it signs. */
export interface KeyUse {
  /** When the use happens (default now); a seal's window is checked against it. */
  at?: Date;
  /**
   * The digest of the document being signed, named in the seal.used entry.
   * Asked for when the signature is made: a file signed in one streamed pass
   * has its digest only once the pass is over.
   */
  documentSha256?: () => string | undefined;
  /** The signing person's own PIN (a person's key, or a seal approver's); never stored. */
  pin?: string;
  /**
   * When given, the key hands its use record (a seal's seal.used entry) here
   * instead of appending it when it signs, so the caller appends it in the
   * transaction that records the committed signature: a signing stopped
   * before that leaves no record of a use that produced nothing.
   */
  deferRecord?: (record: () => void) => void;
}
