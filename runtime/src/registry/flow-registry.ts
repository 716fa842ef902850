/**
 * The flow-type registry: publishing (validate with the runtime's catalogue, store the next immutable version),
 * drafts, and compiled machines by pinned version. Versions live in the database, so every runtime process sees
 * what any of them published; compiled machines are cached per process, since a version never changes. Each flow
 * type's head (latest version, archived mark) is cached too, so starting an instance reads no flow_types row: a
 * change made in this process or another (announced through the event bus's LISTEN channel) drops it, and it is
 * kept only while such changes are heard (events/flow-type-changes.ts).
 */
import { type Catalogue, type FlowDefinition, secretReferences, type ValidationResult } from "@mfo/schemas";
import { type CompiledFlow, compileFlow } from "../compiler/compile-flow.js";
import { conflict, invalid, notFound } from "../errors.js";
import { changesHeard, type FlowTypeChange, flowTypeChanged, onFlowTypeChange } from "../events/flow-type-changes.js";
import { type Actor, insertAudit } from "../store/audit-repository.js";
import { type Db, transaction } from "../store/database.js";
import {
  archiveFlowType,
  countInstances,
  deleteDraft,
  findDefinition,
  findDraft,
  flowTypeHead,
  insertFlowType,
  insertVersion,
  latestVersionNumber,
  listFlowTypeIds,
  lockFlowType,
  saveDraft,
  unarchiveFlowType,
  updateFlowType,
  versionHash,
} from "../store/flow-type-repository.js";
import { listSecretNames } from "../store/secret-repository.js";
import { findTestRevision, insertTestRevision, useTestRevisionByHash } from "../store/test-revision-repository.js";
import { definitionHash } from "./definition-hash.js";
import { checkDefinitionSize, DEFAULT_DEFINITION_LIMITS, type DefinitionLimits } from "./definition-limits.js";
import { loadSubflowCatalogue } from "./subflow-catalogue.js";
import { runValidationJob, type ValidationJob } from "./validation-job.js";
import { createValidationWorker, type ValidationWorker } from "./validation-worker.js";

/**
 * Definitions at least this big (as JSON) are validated in the worker; smaller ones on the main thread, where
 * they hold it less than the worker's round trip takes (measured warm, validate + compile + hash: 300 nodes,
 * 64 KB, 3 ms inline against 7 ms through the worker; 2,000 nodes, 460 KB, 27 ms against 31 ms of which
 * 5 ms on the main thread, and far more inline when cold or on a loaded machine).
 */
export const WORKER_MIN_BYTES = 64 * 1024;

export interface PublishResult {
  id: string;
  version: number;
  /** False when the definition equals the latest version, which is returned instead of a copy. */
  created: boolean;
}

/**
 * How long a cached head is trusted at most. Changes arrive through LISTEN at once; this bounds how long one whose
 * announcement was lost (its process died between the commit and the NOTIFY) goes unseen here.
 */
export const HEAD_TTL_MS = 30_000;
/** Flow types whose head is cached at most; past it the cache starts over (a tenant rarely has this many). */
const MAX_HEADS = 10_000;
/** Compiled test revisions kept at most; past it the cache starts over (architects make new ones all day). */
const MAX_TESTS = 500;

type Head = { latestVersion: number | undefined; archivedAt: Date | undefined };

export class FlowRegistry {
  private readonly cache = new Map<string, CompiledFlow>();
  private readonly tests = new Map<string, CompiledFlow>();
  private readonly heads = new Map<string, { head: Head; until: number }>();
  /** Bumped by every change heard: a head read while one arrived may predate it and is not kept. */
  private generation = 0;
  private readonly stopHearing: () => void;
  private readonly worker: ValidationWorker;

  constructor(
    private readonly db: Db,
    private readonly catalogue: Catalogue,
    private readonly limits: DefinitionLimits = DEFAULT_DEFINITION_LIMITS,
  ) {
    this.worker = createValidationWorker(catalogue);
    this.stopHearing = onFlowTypeChange(db, (change) => this.forget(change));
  }

  private forget(change: FlowTypeChange): void {
    this.generation++;
    if (change === "all") this.heads.clear();
    else this.heads.delete(`${change.tenantId}/${change.id}`);
  }

  /** A flow type's latest version and archived mark: cached while changes are heard, else read. */
  private async head(tenantId: string, id: string): Promise<Head | undefined> {
    const key = `${tenantId}/${id}`;
    const hit = this.heads.get(key);
    if (hit && hit.until > Date.now()) return hit.head;
    const generation = this.generation;
    const head = await flowTypeHead(this.db, tenantId, id);
    // A missing flow type is not kept: any name a client sends would take a place in the cache.
    if (head && generation === this.generation && changesHeard(this.db)) {
      if (this.heads.size >= MAX_HEADS) this.heads.clear();
      this.heads.set(key, { head, until: Date.now() + HEAD_TTL_MS });
    }
    return head;
  }

  /**
   * Validates a definition with this runtime's catalogue and the tenant's published flow types, including that
   * no subflow leads back to it through them (a subflow cycle would start children without end). One over the
   * size limits is refused first (422 or 413); a big one is validated in the worker, off the event loop.
   */
  async validate(tenantId: string, definition: unknown): Promise<ValidationResult> {
    return (await this.check(tenantId, definition, false)).result;
  }

  /** Validates (and when publishing, compiles) a definition: in the worker when big, else right here. */
  private async check(tenantId: string, definition: unknown, compile: boolean) {
    const size = checkDefinitionSize(definition, this.limits);
    const job: ValidationJob = {
      definition,
      flowTypeIds: await listFlowTypeIds(this.db, tenantId),
      subflows: await loadSubflowCatalogue(this.db, tenantId, definition),
      compile,
    };
    // Only a definition that reads secrets needs the tenant's names (publish fails on one it does not have).
    if (secretReferences(definition).length > 0) job.secretNames = await listSecretNames(this.db, tenantId);
    return size.bytes >= WORKER_MIN_BYTES ? this.worker.run(job, size.json) : runValidationJob(this.catalogue, job);
  }

  /** Stops the validation worker (the runtime's close). */
  async close(): Promise<void> {
    this.stopHearing();
    await this.worker.close();
  }

  /** Publishes the next version (audited, in the same transaction, when an actor is given). */
  async publish(tenantId: string, definition: unknown, actor?: Actor): Promise<PublishResult> {
    const { result, compileError, hash } = await this.check(tenantId, definition, true);
    if (!result.valid) throw invalid("the flow definition is invalid", result.errors, "invalid-definition");
    // A valid flow always compiles; the check keeps a compiler bug from storing a broken version.
    if (compileError !== undefined || hash === undefined)
      throw new Error(`a valid definition did not compile: ${compileError}`);
    const flow = definition as FlowDefinition;
    const published = await transaction(this.db, async (tx) => {
      const type = await lockFlowType(tx, tenantId, flow.id);
      // Publishing an archived flow type brings it back, as deploying a deleted process again does in Camunda.
      if (type?.archivedAt) await unarchiveFlowType(tx, tenantId, flow.id);
      if (type?.latestVersion) {
        const latest = await versionHash(tx, tenantId, flow.id, type.latestVersion);
        if (latest === hash) return { id: flow.id, version: type.latestVersion, created: false };
      }
      const version = (type?.latestVersion ?? 0) + 1;
      const now = new Date();
      const fields = { name: flow.name, description: flow.description ?? null, latestVersion: version, updatedAt: now };
      if (type) await updateFlowType(tx, tenantId, flow.id, fields);
      else await insertFlowType(tx, tenantId, flow.id, fields);
      await insertVersion(tx, {
        tenantId,
        flowTypeId: flow.id,
        version,
        definition: { ...flow, version },
        hash,
        publishedAt: now,
        publishedBy: actor?.actorKeyId ?? null,
      });
      if (actor) await insertAudit(tx, actor, "flow-type.publish", `${flow.id}@${version}`);
      return { id: flow.id, version, created: true };
    });
    // After the commit: a cache here or elsewhere that read the head meanwhile reads it again.
    flowTypeChanged(this.db, tenantId, flow.id);
    return published;
  }

  /**
   * The latest version of the definition's flow type when it is this very definition (same hash), else undefined.
   * Publishing at start-up asks this first: an unchanged file is the common case on a restart, and validating
   * it again cost 0.4-1.1 s of every start (the first validation compiles the schemas), while the version it
   * equals was validated when it was published.
   */
  async unchangedVersion(tenantId: string, definition: unknown): Promise<number | undefined> {
    const id = (definition as { id?: unknown } | null)?.id;
    if (typeof id !== "string" || typeof definition !== "object" || Array.isArray(definition)) return undefined;
    const latest = await latestVersionNumber(this.db, tenantId, id);
    if (latest === undefined) return undefined;
    const stored = await versionHash(this.db, tenantId, id, latest);
    return stored === definitionHash(definition as FlowDefinition) ? latest : undefined;
  }

  /** A published version's definition (the latest when `version` is absent). */
  async definition(tenantId: string, id: string, version?: number): Promise<FlowDefinition> {
    const definition = await findDefinition(this.db, tenantId, id, version);
    if (!definition)
      throw notFound(version === undefined ? `flow type "${id}"` : `version ${version} of flow type "${id}"`);
    return definition;
  }

  /**
   * The compiled machine of a version, compiled once per process. Without `version`, the latest one: its number
   * is read (published versions may come from another process) and the machine comes from the cache. With
   * `refuseArchived` (a new instance that no running one started), an archived flow type is a conflict; its
   * archived mark is read with the latest version number, in the same query.
   */
  async compiled(
    tenantId: string,
    id: string,
    version?: number,
    { refuseArchived = false }: { refuseArchived?: boolean } = {},
  ): Promise<CompiledFlow> {
    let pinned = version;
    if (refuseArchived || pinned === undefined) {
      const head = await this.head(tenantId, id);
      if (refuseArchived && head?.archivedAt)
        throw conflict(`flow type "${id}" is archived: publish it again to start instances`, "archived");
      pinned ??= head?.latestVersion;
    }
    if (pinned !== undefined) {
      const hit = this.cache.get(`${tenantId}/${id}@${pinned}`);
      if (hit) return hit;
    }
    const definition = await this.definition(tenantId, id, pinned);
    const key = `${tenantId}/${id}@${definition.version}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const flow = compileFlow(definition);
    this.cache.set(key, flow);
    return flow;
  }

  /**
   * Validates a draft exactly as publishing does (same limits, catalogue and subflow checks; 422 or 413 as
   * publish answers) and stores it as a test revision of its flow type, or finds the stored one with the same
   * hash. Returns the revision and the version a test instance records: the latest published, or 0 when none.
   */
  async storeTestRevision(
    tenantId: string,
    definition: unknown,
    actor?: Actor,
  ): Promise<{ flowTypeId: string; revision: number; version: number }> {
    const { result, compileError, hash } = await this.check(tenantId, definition, true);
    if (!result.valid) throw invalid("the flow definition is invalid", result.errors, "invalid-definition");
    if (compileError !== undefined || hash === undefined)
      throw new Error(`a valid definition did not compile: ${compileError}`);
    // A test revision is not a version: a version the draft carries (restored from one) is not kept.
    const { version: _version, ...flow } = definition as FlowDefinition;
    const version = (await this.head(tenantId, flow.id))?.latestVersion ?? 0;
    const revision =
      (await useTestRevisionByHash(this.db, tenantId, flow.id, hash)) ??
      (await insertTestRevision(this.db, {
        tenantId,
        flowTypeId: flow.id,
        definition: flow,
        hash,
        createdBy: actor?.actorKeyId ?? null,
      }));
    return { flowTypeId: flow.id, revision, version };
  }

  /** A test revision's definition as stored (no version: it is not one); 404 when it is gone. */
  async testDefinition(tenantId: string, id: string, revision: number): Promise<FlowDefinition> {
    const definition = await findTestRevision(this.db, tenantId, id, revision);
    if (!definition) throw notFound(`test revision ${revision} of flow type "${id}"`);
    return definition;
  }

  /**
   * The compiled machine of a test run: its test revision, carrying the version the instance records. Compiled
   * once per process like a version (a revision never changes, and the sweep never lets a number be used twice).
   */
  async compiledTest(tenantId: string, id: string, revision: number, version: number): Promise<CompiledFlow> {
    const key = `${tenantId}/${id}#${revision}@${version}`;
    const hit = this.tests.get(key);
    if (hit) return hit;
    const flow = compileFlow({ ...(await this.testDefinition(tenantId, id, revision)), version });
    if (this.tests.size >= MAX_TESTS) this.tests.clear();
    this.tests.set(key, flow);
    return flow;
  }

  /**
   * Saves the tenant's draft (audited when an actor is given, as `audit` says: a save, or a restore of a version),
   * refused first when over the size limits. A draft of an archived flow type brings it back: the architect is
   * working on it again.
   */
  async saveDraft(
    tenantId: string,
    id: string,
    definition: Record<string, unknown>,
    actor?: Actor,
    audit = { action: "flow-type.draft.save", target: id },
  ) {
    checkDefinitionSize(definition, this.limits);
    const now = new Date();
    const updatedBy = actor?.actorKeyId ?? null;
    const unarchived = await transaction(this.db, async (tx) => {
      await saveDraft(tx, { tenantId, flowTypeId: id, definition, updatedAt: now, updatedBy });
      const brought = await unarchiveFlowType(tx, tenantId, id);
      if (actor) await insertAudit(tx, actor, audit.action, audit.target);
      return brought;
    });
    if (unarchived) flowTypeChanged(this.db, tenantId, id);
    return { definition, updatedAt: now, validation: await this.validate(tenantId, definition) };
  }

  /** Deletes the tenant's draft of a flow type (audited); 404 when it has none. */
  async deleteDraft(tenantId: string, id: string, actor: Actor): Promise<void> {
    await transaction(this.db, async (tx) => {
      if (!(await deleteDraft(tx, tenantId, id))) throw notFound(`a draft of flow type "${id}"`);
      await insertAudit(tx, actor, "flow-type.draft.delete", id);
    });
  }

  /** Makes a published version the draft (audited as a restore of `id@version`); 404 when there is no such version. */
  async restoreDraft(tenantId: string, id: string, version: number, actor: Actor) {
    const { version: _version, ...definition } = await this.definition(tenantId, id, version);
    return this.saveDraft(tenantId, id, definition, actor, {
      action: "flow-type.draft.restore",
      target: `${id}@${version}`,
    });
  }

  /**
   * Archives a published flow type (audited, with its instance counts): 404 when it has no published version, 409
   * when it is archived already. Its versions, draft and instances stay; only new instances are refused.
   */
  async archive(tenantId: string, id: string, actor: Actor) {
    const archived = await transaction(this.db, async (tx) => {
      const type = await lockFlowType(tx, tenantId, id);
      if (!type) throw notFound(`a published flow type "${id}"`);
      const at = new Date();
      if (!(await archiveFlowType(tx, tenantId, id, at))) throw conflict(`flow type "${id}" is archived`, "archived");
      const instances = await countInstances(tx, tenantId, id);
      await insertAudit(tx, actor, "flow-type.archive", id, { instances });
      return { id, archivedAt: at, instances };
    });
    flowTypeChanged(this.db, tenantId, id);
    return archived;
  }

  /** The tenant's draft of a flow type, if it has one. */
  async draft(tenantId: string, id: string) {
    return findDraft(this.db, tenantId, id);
  }
}
