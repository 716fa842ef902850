/**
 * API keys: `Authorization: Bearer <key>`. Keys are stored as SHA-256 hashes (store/tenant-repository.ts); a key
 * belongs to one tenant and has one role, and roles are ordered (viewer < operator < architect < admin, where an
 * architect may also operate, as publishing flows is the heavier right). Verified keys are cached briefly per
 * process, and remembered longer as known: an address over the failed-authentication limit may still use a key
 * this process has verified lately (auth-failures.ts).
 */
import { randomBytes } from "node:crypto";
import { AppError } from "../errors.js";
import type { Db } from "../store/database.js";
import { findActiveKey, hashKey, type Role } from "../store/tenant-repository.js";

/** The tenant created at start-up; its admins are the installation's admins (they create tenants). */
export const DEFAULT_TENANT = "default";

export const ROLE_RANK: Record<Role, number> = { viewer: 0, operator: 1, architect: 2, admin: 3 };

export interface Principal {
  keyId: string;
  /** The key's name ("admin (start-up)", "ops bot"): who the history says acted. */
  name: string;
  tenantId: string;
  role: Role;
}

/** An admin of the default tenant: manages every tenant, not only its own. */
export const isInstallationAdmin = (p: Principal): boolean => p.role === "admin" && p.tenantId === DEFAULT_TENANT;

/** A new random key: "mfo_" and 32 bytes of base64url. */
export const generateKey = (): string => `mfo_${randomBytes(32).toString("base64url")}`;

/** Key hashes remembered as known at most; past it, the one verified longest ago is forgotten. */
const MAX_KNOWN = 10_000;

/** The hash of the key an Authorization header value sends, or undefined when it sends none. */
const keyHashOf = (header: string | undefined): string | undefined => {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? hashKey(match[1] as string) : undefined;
};

export class KeyVerifier {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();
  /** Key hashes verified by this process, with when: worth a database read even from a blocked address. */
  private readonly known = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 5_000,
    private readonly knownForMs = 3_600_000,
  ) {}

  /** Drops a key from this process's cache (it was revoked): the next request with it is refused. */
  forget(keyHash: string): void {
    this.cache.delete(keyHash);
    this.known.delete(keyHash);
  }

  /**
   * Whether an Authorization header value sends a key this process verified within the last hour, without a
   * database read: what a blocked address's request must show to be checked at all. A random key never is.
   */
  knows(header: string | undefined): boolean {
    const keyHash = keyHashOf(header);
    const at = keyHash === undefined ? undefined : this.known.get(keyHash);
    return at !== undefined && Date.now() - at < this.knownForMs;
  }

  /** The principal of an Authorization header value; AppError 401 when it is missing, malformed or unknown. */
  async verify(header: string | undefined): Promise<Principal> {
    const keyHash = keyHashOf(header);
    if (keyHash === undefined)
      throw new AppError(401, "unauthorized", "send an API key as: Authorization: Bearer <key>");
    const hit = this.cache.get(keyHash);
    if (hit && hit.until > Date.now()) return hit.principal;
    const row = await findActiveKey(this.db, keyHash);
    if (!row) throw new AppError(401, "unauthorized", "the API key is not valid");
    const principal = { keyId: row.id, name: row.name, tenantId: row.tenantId, role: row.role };
    this.cache.set(keyHash, { principal, until: Date.now() + this.ttlMs });
    this.known.delete(keyHash);
    if (this.known.size >= MAX_KNOWN) this.known.delete(this.known.keys().next().value as string);
    this.known.set(keyHash, Date.now());
    return principal;
  }
}

export function requireRole(principal: Principal, role: Role): void {
  if (ROLE_RANK[principal.role] < ROLE_RANK[role]) {
    throw new AppError(403, "forbidden", `this needs the ${role} role; the key has ${principal.role}`);
  }
}
