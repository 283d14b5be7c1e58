// The clients the emulated Selvbetjening created: drafts, their confirmation, their public keys
// with expiry, and when HelseID's client-configuration cache picks a confirmed client up. Kept in
// memory and written to <state>/selvbetjening/clients.json after every change (public data only:
// the Selvbetjening never sees a private key). The token endpoint reads it through
// provider/provisioned-clients.ts.
import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import { readRegistryFile, writeRegistryFile } from './registry-store.ts';

/** `origin` values are UNCONFIRMED (NHN's documentation names the field, not its values). */
export type KeyOrigin = 'clientDraft' | 'api';

export interface ClientKeyRecord {
  kid: string;
  jwkThumbprint: string;
  publicJwk: JWK;
  /** ISO 8601 */
  expiration: string;
  origin: KeyOrigin;
  addedAt: string;
}

export interface AudienceClaimRecord {
  claimType: string;
  activeClaimValue: string | null;
  pendingClaimValue: string | null;
}

export interface ClientConfiguration {
  apiScopes: string[];
  audienceSpecificClientClaims: AudienceClaimRecord[];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  childOrganizationNumbers: string[];
}

export interface ProvisionedClient extends ClientConfiguration {
  clientId: string;
  organizationNumber: string;
  postClientConfirmationRedirectUri: string;
  state: 'draft' | 'confirmed' | 'refused';
  createdAt: string;
  confirmedAt?: string;
  /** when HelseID's client-configuration cache knows the client (confirmedAt + the cache delay) */
  knownAt?: string;
  keys: ClientKeyRecord[];
}

export interface DraftInput extends ClientConfiguration {
  organizationNumber: string;
  postClientConfirmationRedirectUri: string;
  key: Omit<ClientKeyRecord, 'expiration' | 'origin' | 'addedAt'>;
}

export interface RegistryOptions {
  dir: string;
  now: () => number;
  /** read at each use: the knobs may change while the environment runs */
  keyLifetimeSeconds: () => number;
  clientCacheDelayMs: () => number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class ClientRegistry {
  readonly #clients = new Map<string, ProvisionedClient>();
  readonly #o: RegistryOptions;
  #writing: Promise<void> = Promise.resolve();

  private constructor(o: RegistryOptions, clients: ProvisionedClient[]) {
    this.#o = o;
    for (const c of clients) this.#clients.set(c.clientId, c);
  }

  static async open(o: RegistryOptions): Promise<ClientRegistry> {
    return new ClientRegistry(o, await readRegistryFile<ProvisionedClient>(o.dir));
  }

  get(clientId: string): ProvisionedClient | undefined {
    return this.#clients.get(clientId);
  }

  all(): ProvisionedClient[] {
    return [...this.#clients.values()];
  }

  /** The client (other than `except`) that already registered this public key, if any. */
  keyOwner(jwkThumbprint: string, except?: string): ProvisionedClient | undefined {
    return this.all().find(
      (c) => c.clientId !== except && c.state !== 'refused' && c.keys.some((k) => k.jwkThumbprint === jwkThumbprint),
    );
  }

  async createDraft(input: DraftInput): Promise<ProvisionedClient> {
    const now = this.#o.now();
    const { key, ...rest } = input;
    const client: ProvisionedClient = {
      ...rest,
      clientId: randomUUID(),
      state: 'draft',
      createdAt: iso(now),
      keys: [
        {
          ...key,
          origin: 'clientDraft',
          addedAt: iso(now),
          expiration: iso(now + this.#o.keyLifetimeSeconds() * 1000),
        },
      ],
    };
    this.#clients.set(client.clientId, client);
    await this.#save();
    return client;
  }

  async confirm(clientId: string): Promise<ProvisionedClient> {
    const client = this.#draft(clientId);
    const now = this.#o.now();
    client.state = 'confirmed';
    client.confirmedAt = iso(now);
    client.knownAt = iso(now + this.#o.clientCacheDelayMs());
    await this.#save();
    return client;
  }

  async refuse(clientId: string): Promise<ProvisionedClient> {
    const client = this.#draft(clientId);
    client.state = 'refused';
    await this.#save();
    return client;
  }

  /** A new public key beside the existing ones; returns its record (with the expiration). */
  async addKey(
    clientId: string,
    key: Omit<ClientKeyRecord, 'expiration' | 'origin' | 'addedAt'>,
  ): Promise<ClientKeyRecord> {
    const client = this.#confirmed(clientId);
    const now = this.#o.now();
    const record: ClientKeyRecord = {
      ...key,
      origin: 'api',
      addedAt: iso(now),
      expiration: iso(now + this.#o.keyLifetimeSeconds() * 1000),
    };
    client.keys.push(record);
    await this.#save();
    return record;
  }

  /** PUT /v1/client: the whole configuration replaced. A changed audience claim value waits for approval. */
  async replaceConfiguration(
    clientId: string,
    next: Omit<ClientConfiguration, 'audienceSpecificClientClaims'> & {
      audienceSpecificClientClaims: { claimType: string; value: string }[];
    },
  ): Promise<ProvisionedClient> {
    const client = this.#confirmed(clientId);
    const previous = new Map(client.audienceSpecificClientClaims.map((c) => [c.claimType, c]));
    client.audienceSpecificClientClaims = next.audienceSpecificClientClaims.map(({ claimType, value }) => {
      const old = previous.get(claimType);
      if (!old) return { claimType, activeClaimValue: null, pendingClaimValue: value };
      const active = old.activeClaimValue;
      return { claimType, activeClaimValue: active, pendingClaimValue: value === active ? null : value };
    });
    client.apiScopes = next.apiScopes;
    client.redirectUris = next.redirectUris;
    client.postLogoutRedirectUris = next.postLogoutRedirectUris;
    client.childOrganizationNumbers = next.childOrganizationNumbers;
    await this.#save();
    return client;
  }

  /** Test hook: HelseID's client cache reloads now, so every confirmed client is known at once. */
  async refreshClientCache(): Promise<void> {
    const now = this.#o.now();
    for (const c of this.#clients.values()) {
      if (c.state === 'confirmed' && c.knownAt && Date.parse(c.knownAt) > now) c.knownAt = iso(now);
    }
    await this.#save();
  }

  /** Serialised writes: the file always holds one whole, recent state. */
  #save(): Promise<void> {
    const snapshot = this.all();
    this.#writing = this.#writing.then(() => writeRegistryFile(this.#o.dir, snapshot));
    return this.#writing;
  }

  #draft(clientId: string): ProvisionedClient {
    const client = this.#clients.get(clientId);
    if (!client || client.state !== 'draft') throw new Error(`client ${clientId} is not an open draft`);
    return client;
  }

  #confirmed(clientId: string): ProvisionedClient {
    const client = this.#clients.get(clientId);
    if (!client || client.state !== 'confirmed') throw new Error(`client ${clientId} is not a confirmed client`);
    return client;
  }
}
