// The law applied to one request: decisions cached per (category, operation, customer), and every
// allowed use collected so that the access log and the disclosure records can be written before the
// response leaves (fail closed: see ./subgraph.ts). This runs for every field of every answer, so it
// allocates as little as it can: one map look-up on the hot path.
import DataLoader from 'dataloader';
import { Actor, isAuthority, isThirdParty } from '../auth/actor';
import { AreaId, areaOfMunicipality } from '../law/areas';
import { CategoryName, CATEGORIES } from '../law/categories';
import { ConsentTerms, Decision, Operation, decide, mayKnowCustomer } from '../law/rules';
import { forbidden } from './errors';

/**
 * Loads the home municipality that the register asked keeps for each customer of a batch (null when it
 * keeps none), in the order of the ids: the area rule for officials reads it (../law/areas.ts).
 */
export type MunicipalityBatchLoader = (customerIds: readonly string[]) => Promise<(string | null)[]>;

/** Loads the consents that concern the calling third party, for a batch of customers. */
export type ConsentBatchLoader = (customerIds: readonly string[]) => Promise<ConsentTerms[][]>;

export interface Disclosure {
  customerId: string;
  consentId: string;
  categories: Set<CategoryName>;
  fields: Set<string>;
}

const NO_CUSTOMER = '';

export class RequestLaw {
  /** `${category}|${operation}` → customer id → decision. */
  private readonly decisions = new Map<string, Map<string, Decision | Promise<Decision>>>();
  private readonly consents?: DataLoader<string, ConsentTerms[]>;
  private readonly areas?: DataLoader<string, AreaId | null>;
  /** operation → customer id → categories used. */
  readonly uses: Record<Operation, Map<string, Set<CategoryName>>> = { read: new Map(), write: new Map() };
  readonly disclosures = new Map<string, Disclosure>();

  constructor(
    readonly actor: Actor,
    loadConsents: ConsentBatchLoader,
    onLookupFailure?: (error: Error) => void,
    /** Writes an access-log entry for a write at once; the write runs only after it is stored. */
    private readonly logWrite?: (customerId: string, categories: CategoryName[]) => Promise<void>,
    /** The customers' home municipalities in this register; only officials' decisions need them. */
    loadMunicipalities?: MunicipalityBatchLoader,
  ) {
    if (isAuthority(actor) && loadMunicipalities) {
      this.areas = new DataLoader(async (ids) => (await loadMunicipalities(ids)).map(areaOfMunicipality));
    }
    // Consents matter only for third parties; everybody else is decided without a look-up.
    if (isThirdParty(actor)) {
      this.consents = new DataLoader((ids) => loadConsents(ids).catch((error) => {
        onLookupFailure?.(error as Error);
        throw error;
      }));
    }
  }

  private consentsOf(customerId: string | undefined): Promise<ConsentTerms[]> | ConsentTerms[] {
    return this.consents && customerId ? this.consents.load(customerId) : [];
  }

  /** The customer's area as this register keeps it (officials only); undefined when not needed. */
  private areaOf(customerId: string | undefined): Promise<AreaId | null> | null | undefined {
    if (!isAuthority(this.actor) || !customerId) return undefined;
    return this.areas ? this.areas.load(customerId) : null;
  }

  /**
   * The decision for `category` of `customerId`; the first allowed decision of each pair is also
   * recorded as a use of the customer's data (structure fields alone are not a use).
   */
  decide(category: CategoryName, customerId: string | undefined, operation: Operation, key = `${category}|${operation}`): Decision | Promise<Decision> {
    let byCustomer = this.decisions.get(key);
    if (!byCustomer) this.decisions.set(key, (byCustomer = new Map()));
    const cached = byCustomer.get(customerId ?? NO_CUSTOMER);
    if (cached) return cached;
    const consents = this.consentsOf(customerId);
    const area = this.areaOf(customerId);
    const record = (decision: Decision) => {
      if (decision.allowed && customerId && (CATEGORIES[category].kind !== 'structure' || decision.consentId)) {
        const used = this.uses[operation];
        let categories = used.get(customerId);
        if (!categories) used.set(customerId, (categories = new Set()));
        categories.add(category);
      }
      return decision;
    };
    const decision = Array.isArray(consents) && !(area instanceof Promise)
      ? record(decide(this.actor, category, customerId, operation, consents, area))
      : Promise.all([consents, area]).then(([c, a]) => record(decide(this.actor, category, customerId, operation, c, a)));
    byCustomer.set(customerId ?? NO_CUSTOMER, decision);
    return decision;
  }

  /**
   * For a write that touches a second category besides the mutation field's own: it must be allowed
   * for that category too, and is logged under it (906/2019 § 17: changes are logged).
   */
  async requireWrite(category: CategoryName, customerId: string): Promise<void> {
    if (!(await this.decide(category, customerId, 'write')).allowed) throw forbidden();
    await this.logWriteBeforehand(category, customerId);
  }

  /**
   * A change is logged before it is made (906/2019 § 17): if the entry cannot be stored, the write does
   * not happen; if the write then fails, the log shows an attempt. Either way no change goes unlogged.
   */
  async logWriteBeforehand(category: CategoryName, customerId: string): Promise<void> {
    if (!this.logWrite) return;
    await this.logWrite(customerId, [category]);
    // Logged already: the entry written at the end of the request leaves it out.
    this.uses.write.get(customerId)?.delete(category);
    if (this.uses.write.get(customerId)?.size === 0) this.uses.write.delete(customerId);
  }

  /**
   * Would `operation` on `category` of `customerId` be allowed? A question only: nothing is recorded as a
   * use (e.g. may this official decide on a consent covering the category, seed 000 § 10).
   */
  async allows(category: CategoryName, customerId: string, operation: Operation): Promise<boolean> {
    return decide(this.actor, category, customerId, operation, await this.consentsOf(customerId), await this.areaOf(customerId)).allowed;
  }

  /** Secrecy of customership: false both for a person the caller may not see and for a non-customer. */
  async mayKnow(customerId: string): Promise<boolean> {
    return mayKnowCustomer(this.actor, customerId, await this.consentsOf(customerId), await this.areaOf(customerId));
  }

  /** Remembers a field released to a third party under a consent, for the disclosure record. */
  recordDisclosure(customerId: string, consentId: string, category: CategoryName, field: string) {
    const key = `${customerId}|${consentId}`;
    let disclosure = this.disclosures.get(key);
    if (!disclosure) this.disclosures.set(key, (disclosure = { customerId, consentId, categories: new Set(), fields: new Set() }));
    disclosure.categories.add(category);
    disclosure.fields.add(field);
  }

  /** The uses of this request grouped by operation and set of categories: one log entry per group. */
  useGroups(): { operation: Operation; categories: CategoryName[]; customerIds: string[] }[] {
    const groups = new Map<string, { operation: Operation; categories: CategoryName[]; customerIds: string[] }>();
    for (const operation of ['read', 'write'] as const) {
      for (const [customerId, categories] of this.uses[operation]) {
        const sorted = [...categories].sort();
        const key = `${operation}|${sorted.join(',')}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { operation, categories: sorted, customerIds: [] }));
        group.customerIds.push(customerId);
      }
    }
    return [...groups.values()];
  }
}
