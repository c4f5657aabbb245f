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
}
