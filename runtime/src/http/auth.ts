/**
 * API keys: `Authorization: Bearer <key>`. Keys are stored as SHA-256 hashes (store/tenant-repository.ts); a key
 * belongs to one tenant and has one role, and roles are ordered (viewer < operator < architect < admin, where an
 * architect may also operate, as publishing flows is the heavier right). Verified keys are cached briefly per
 * process.
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
  tenantId: string;
  role: Role;
}

/** An admin of the default tenant: manages every tenant, not only its own. */
export const isInstallationAdmin = (p: Principal): boolean => p.role === "admin" && p.tenantId === DEFAULT_TENANT;

/** A new random key: "mfo_" and 32 bytes of base64url. */
export const generateKey = (): string => `mfo_${randomBytes(32).toString("base64url")}`;

export class KeyVerifier {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 5_000,
  ) {}

  /** Drops a key from this process's cache (it was revoked): the next request with it is refused. */
  forget(keyHash: string): void {
    this.cache.delete(keyHash);
  }

  /** The principal of an Authorization header value; AppError 401 when it is missing, malformed or unknown. */
  async verify(header: string | undefined): Promise<Principal> {
    const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match) throw new AppError(401, "unauthorized", "send an API key as: Authorization: Bearer <key>");
    const keyHash = hashKey(match[1] as string);
    const hit = this.cache.get(keyHash);
    if (hit && hit.until > Date.now()) return hit.principal;
    const row = await findActiveKey(this.db, keyHash);
    if (!row) throw new AppError(401, "unauthorized", "the API key is not valid");
    const principal = { keyId: row.id, tenantId: row.tenantId, role: row.role };
    this.cache.set(keyHash, { principal, until: Date.now() + this.ttlMs });
    return principal;
  }
}

export function requireRole(principal: Principal, role: Role): void {
  if (ROLE_RANK[principal.role] < ROLE_RANK[role]) {
    throw new AppError(403, "forbidden", `this needs the ${role} role; the key has ${principal.role}`);
  }
}
