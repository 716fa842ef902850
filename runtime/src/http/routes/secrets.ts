/**
 * The tenant's secrets store: write-only values. PUT seals the value (AES-256-GCM, the runtime's key and its
 * rotation) and answers the secret without it; GET lists names, who set them and when, and what uses them; no
 * answer, audit row or log line ever holds a value. A secret is the tenant's own: another tenant's secret of the
 * same name is a different secret.
 */
import { type PutSecretRequest, SECRET_NAME_PATTERN, type Secret } from "@mfo/schemas";
import { conflict, invalid, notFound } from "../../errors.js";
import { type SecretUse, secretUses } from "../../secrets/secret-uses.js";
import { insertAudit } from "../../store/audit-repository.js";
import { transaction } from "../../store/database.js";
import { deleteSecret, findSecret, listSecrets, type SecretRow } from "../../store/secret-repository.js";
import { actorOf, type RouteCall, type RouteHandler } from "../context.js";

function present(row: SecretRow, use: SecretUse | undefined): Secret {
  return {
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    usedBy: use?.usedBy ?? [],
    hooks: use?.hooks ?? [],
  };
}

/** The `:name` of the path, when it is a secret name; else 422 naming the rule. */
function nameOf(call: RouteCall): string {
  const name = call.param("name");
  if (SECRET_NAME_PATTERN.test(name)) return name;
  const message = "a secret's name starts with a letter, then letters, digits, _ . or -, 100 characters at most";
  throw invalid(message, [{ path: "/name", code: "invalid-value", message }], "invalid-secret-name");
}

/** What still uses a secret, in words, or undefined when a delete may go ahead (drafts do not hold it). */
function blockingUses(use: SecretUse | undefined): string | undefined {
  if (!use) return undefined;
  const parts = [
    ...use.publishedBy.map((flowType) => `flow type "${flowType}" (its latest published version)`),
    ...use.hooks.map((hook) => `webhook ${hook}`),
  ];
  return parts.length === 0 ? undefined : parts.join(", ");
}

export const secretRoutes = {
  "get /secrets": async (call) => {
    const tenantId = call.principal.tenantId;
    const [rows, uses] = await Promise.all([listSecrets(call.deps.db, tenantId), secretUses(call.deps.db, tenantId)]);
    return call.c.json({ items: rows.map((row) => present(row, uses.get(row.name))) });
  },

  "put /secrets/:name": async (call) => {
    const name = nameOf(call);
    const { value } = call.body as PutSecretRequest;
    const tenantId = call.principal.tenantId;
    const row = await transaction(call.deps.db, async (tx) => {
      const written = await call.deps.secrets.write(tenantId, name, value, call.principal.keyId || null, tx);
      const created = written.createdAt.getTime() === written.updatedAt.getTime();
      await insertAudit(tx, actorOf(call), "secret.put", name, { created });
      return written;
    });
    const uses = await secretUses(call.deps.db, tenantId);
    return call.c.json(present(row, uses.get(name)));
  },

  "delete /secrets/:name": async (call) => {
    const name = nameOf(call);
    const tenantId = call.principal.tenantId;
    await transaction(call.deps.db, async (tx) => {
      if (!(await findSecret(tx, tenantId, name))) throw notFound(`secret "${name}"`);
      const using = blockingUses((await secretUses(tx, tenantId)).get(name));
      if (using !== undefined) throw conflict(`secret "${name}" is in use by ${using}`, "secret-in-use");
      await deleteSecret(tx, tenantId, name);
      await insertAudit(tx, actorOf(call), "secret.delete", name);
    });
    return call.c.body(null, 204);
  },
} satisfies Record<string, RouteHandler>;
