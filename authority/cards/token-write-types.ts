// The contract between provision.ts and its child process token-writer.ts.

export interface TokenObjectInput {
  /** hex CKA_ID shared by certificate, private key and public key */
  readonly ckaId: string;
  readonly label: string;
  readonly certificateDer: string; // base64
  readonly subjectDer: string; // base64
  readonly issuerDer: string; // base64
  readonly privateJwk: JsonWebKey;
  readonly canSign: boolean;
  readonly canDecrypt: boolean;
}

export interface TokenInput {
  readonly label: string;
  readonly soPin: string;
  readonly pin: string;
  readonly objects: readonly TokenObjectInput[];
}

export interface TokenWriteRequest {
  readonly module: string;
  readonly tokens: readonly TokenInput[];
}

export interface TokenWriteResult {
  tokens: { label: string; serial: string }[];
}
